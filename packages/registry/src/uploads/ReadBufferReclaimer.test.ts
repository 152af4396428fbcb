import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReadBufferReclaimer } from './ReadBufferReclaimer.js';
import { uploadReadBufferReclaimer } from './uploadReadBufferReclaimer.js';

describe('ReadBufferReclaimer', () => {
  it('collects each time everyBytes more have been counted, across callers', () => {
    let collections = 0;
    const reclaimer = new ReadBufferReclaimer({ everyBytes: 100, collect: () => collections++ });
    // [bytes added, collections so far]: a large chunk is one collection, and the count starts again from zero.
    const steps: Array<[number, number]> = [[60, 0], [39, 0], [1, 1], [250, 2], [99, 2], [1, 3]];
    const seen = steps.map(([bytes]) => {
      reclaimer.add(bytes);
      return collections;
    });
    expect(seen).toEqual(steps.map(([, expected]) => expected));
  });

  it('counts what a watched stream emits, once however often it is watched, and lets it flow', async () => {
    let collections = 0;
    const reclaimer = new ReadBufferReclaimer({ everyBytes: 1000, collect: () => collections++ });
    const stream = new PassThrough();
    reclaimer.watch(stream);
    reclaimer.watch(stream);
    for (let index = 0; index < 25; index++) stream.write(Buffer.alloc(100));
    stream.end();
    await new Promise((resolve) => stream.once('end', resolve));
    expect(collections).toBe(2);
  });

  it('does nothing without a collector', () => {
    const reclaimer = new ReadBufferReclaimer({ everyBytes: 1, collect: null });
    const stream = new PassThrough();
    reclaimer.watch(stream);
    expect(stream.listenerCount('data')).toBe(0);
    reclaimer.add(10);
  });

  it('is shared by uploads, and watches streams only where node exposes gc (vitest runs without --expose-gc)', () => {
    expect(uploadReadBufferReclaimer()).toBe(uploadReadBufferReclaimer());
    const stream = new PassThrough();
    uploadReadBufferReclaimer().watch(stream);
    expect(stream.listenerCount('data')).toBe(typeof globalThis.gc === 'function' ? 1 : 0);
  });

  it('refuses a count that is not positive', () => {
    expect(() => new ReadBufferReclaimer({ everyBytes: 0, collect: () => undefined })).toThrow(RangeError);
  });
});
