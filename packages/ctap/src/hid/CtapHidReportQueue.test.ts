import { describe, expect, it } from 'vitest';
import { CtapHidReportQueue } from './CtapHidReportQueue.js';

const report = (byte: number) => new Uint8Array(64).fill(byte);

describe('CtapHidReportQueue', () => {
  it('keeps reports pushed before anyone reads, in order', async () => {
    const queue = new CtapHidReportQueue();
    queue.push(report(1));
    queue.push(report(2));
    expect(queue.shift()).toEqual(report(1));
    expect(await queue.next(1000)).toEqual(report(2));
    expect(queue.shift()).toBeUndefined();
  });

  it('hands a pushed report to the reader waiting longest, without keeping it', async () => {
    const queue = new CtapHidReportQueue();
    const first = queue.next(1000);
    const second = queue.next(1000);
    queue.push(report(1));
    queue.push(report(2));
    expect(await first).toEqual(report(1));
    expect(await second).toEqual(report(2));
    expect(queue.shift()).toBeUndefined();
  });

  it('resolves undefined when nothing arrives in time, and the timed-out reader gets nothing later', async () => {
    const queue = new CtapHidReportQueue();
    const started = Date.now();
    expect(await queue.next(30)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    queue.push(report(3));
    expect(queue.shift()).toEqual(report(3));
  });

  it('drops the oldest report beyond its limit', () => {
    const queue = new CtapHidReportQueue(2);
    for (const byte of [1, 2, 3]) queue.push(report(byte));
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([report(2), report(3), undefined]);
  });

  it('rejects waiting readers but keeps the reports; clear drops them', async () => {
    const queue = new CtapHidReportQueue();
    const waiting = queue.next(1000);
    queue.rejectWaiting(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    queue.push(report(4));
    queue.push(report(5));
    queue.rejectWaiting(new Error('gone again'));
    expect(queue.shift()).toEqual(report(4));
    queue.clear();
    expect(queue.shift()).toBeUndefined();
  });
});
