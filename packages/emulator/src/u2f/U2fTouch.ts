import type { UserPresencePolicy, UserPresenceRequest } from '../userPresence/UserPresencePolicy.js';

/** A touch counts for the U2F request that follows it within this window, as on U2F keys. */
const TOUCH_VALID_MS = 10_000;

/**
 * U2F never waits for a touch: a request without one answers 6985 at once and the host polls. So the touch is
 * asked for in the background on the first request and consumed by the first request after it arrives.
 */
export class U2fTouch {
  private touchedAt: number | undefined;
  private pending = false;

  constructor(private readonly now: () => number) {}

  /** True when a touch is available (it is consumed); otherwise starts asking for one and answers false. */
  async take(policy: UserPresencePolicy, request: UserPresenceRequest): Promise<boolean> {
    if (this.consume()) return true;
    if (!this.pending) {
      this.pending = true;
      Promise.resolve(policy(request))
        .then((decision) => {
          if (decision === 'approve') this.touchedAt = this.now();
        })
        .catch(() => undefined)
        .finally(() => {
          this.pending = false;
        });
    }
    // Give a policy that answers at once the chance to count for this very request.
    await new Promise((resolve) => setImmediate(resolve));
    return this.consume();
  }

  private consume(): boolean {
    if (this.touchedAt === undefined || this.now() - this.touchedAt > TOUCH_VALID_MS) return false;
    this.touchedAt = undefined;
    return true;
  }
}
