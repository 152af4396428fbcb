#!/usr/bin/env node
// The file npm links as `keybridge`. It is in git, so `npm ci` links it before dist/ is built: npm links no bin
// whose file is missing, and would not link it later.
import '../dist/bin/keybridge.js';
