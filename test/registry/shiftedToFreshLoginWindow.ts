import { fileURLToPath } from 'node:url';
import { loginFailureWindowMs } from '../../packages/registry/src/accounts/accountRules.js';

const preload = fileURLToPath(new URL('../support/shiftClock.mjs', import.meta.url));

/**
 * Environment for registry processes (serveRegistryProcessForThisTest) whose Date.now() is shifted to one second into
 * the next login-failure window: login failures are counted in fixed 5-minute windows, and a test that makes 10
 * failures and expects the 11th refused must not straddle a window's end. Every process given the same environment
 * shares the shifted clock, with almost a whole window ahead. Tests of a registry in this process inject `now`
 * (startTestRegistry) instead.
 */
export function shiftedToFreshLoginWindow(): Record<string, string> {
  const shift = loginFailureWindowMs - (Date.now() % loginFailureWindowMs) + 1000;
  return {
    KEYBRIDGE_TEST_CLOCK_SHIFT_MS: String(shift),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${preload}`].filter(Boolean).join(' '),
  };
}
