import { loginFailureWindowMs } from '../../packages/registry/src/accounts/accountRules.js';

/**
 * Login failures are counted in fixed 5-minute windows: a test that makes 10 failures and expects the 11th refused
 * must not straddle a window's end. Tests of a registry in this process inject a clock instead (startTestRegistry's
 * `now`); only tests of separate server processes, which run on the real clock, need this. Waits (at most `needMs`) until at least `needMs` remain in the current window:
 * give such a test a timeout of `needMs` plus its own running time.
 */
export async function waitForFreshLoginWindow(needMs = 15_000): Promise<void> {
  const remaining = loginFailureWindowMs - (Date.now() % loginFailureWindowMs);
  if (remaining < needMs) await new Promise((resolve) => setTimeout(resolve, remaining + 50));
}
