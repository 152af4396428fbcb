import type { Clock } from '@keybridge/ctap';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/** Lets every pending promise reaction and in-memory hand-off run (a few turns of the event loop). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that only moves when told to, for tests of timeouts and grace periods: `run()` jumps straight to the
 * next timer whenever everything in flight waits on one, so a 500 ms grace costs no real time and `now()`
 * says exactly how much virtual time a step took. Only for code whose I/O is in memory.
 */
export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers: Timer[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, ms: number): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      const index = this.timers.indexOf(timer);
      if (index >= 0) this.timers.splice(index, 1);
    };
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing the timers that fall due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await settle();
      const next = this.next();
      if (!next || next.at > until) break;
      this.fire(next);
    }
    this.time = until;
  }

  /**
   * Awaits `work`, advancing virtual time to the next timer each time nothing else can happen. Fails when the
   * work is stuck with no timer pending (it could never finish).
   */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await settle();
      if (settled) return work;
      const next = this.next();
      if (!next) throw new Error('VirtualClock.run: the work waits on something that is not a timer of this clock');
      this.fire(next);
    }
  }

  private next(): Timer | undefined {
    let earliest: Timer | undefined;
    for (const timer of this.timers) if (!earliest || timer.at < earliest.at || (timer.at === earliest.at && timer.seq < earliest.seq)) earliest = timer;
    return earliest;
  }

  private fire(timer: Timer): void {
    this.timers.splice(this.timers.indexOf(timer), 1);
    this.time = Math.max(this.time, timer.at);
    timer.callback();
  }
}
