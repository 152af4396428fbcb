#!/usr/bin/env node
// The file npm links as `keybridge-emulator`; in git so that `npm ci` links it before dist/ is built.
import '../dist/bin/keybridge-emulator.js';
