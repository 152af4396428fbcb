#!/bin/sh
//bin/true; exec node --expose-gc "$0" "$@"
// The file npm links as `keybridge-registry`, in git so that `npm ci` links it before dist/ is built. Lines 1 and 2
// run it with node --expose-gc, as src/bin/keybridge-registry.ts explains; to node, line 2 is a comment.
import '../dist/bin/keybridge-registry.js';
