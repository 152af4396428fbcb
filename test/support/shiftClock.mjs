// Test-only preload for server processes (NODE_OPTIONS="--import <this file>"): Date.now() runs
// KEYBRIDGE_TEST_CLOCK_SHIFT_MS ahead of the real clock. Separate processes given the same shift share one injected
// clock that still moves, so a test can put them all at the start of a rate-limit window instead of waiting for one.
const shift = Number(process.env.KEYBRIDGE_TEST_CLOCK_SHIFT_MS);
if (!Number.isFinite(shift)) throw new Error('shiftClock.mjs: KEYBRIDGE_TEST_CLOCK_SHIFT_MS must be a number of milliseconds');
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + shift;
