import { describe, expect, it } from 'vitest';
import { requestedByteRange } from './requestedByteRange.js';

const etag = '"abc"';

describe('requestedByteRange', () => {
  it('reads a first-last, an open-ended and a suffix range, clamped to the file', () => {
    expect(requestedByteRange('bytes=0-9', undefined, etag, 100)).toEqual({ start: 0, end: 9 });
    expect(requestedByteRange(' bytes=90-200 ', undefined, etag, 100)).toEqual({ start: 90, end: 99 });
    expect(requestedByteRange('bytes=40-', undefined, etag, 100)).toEqual({ start: 40, end: 99 });
    expect(requestedByteRange('bytes=-10', undefined, etag, 100)).toEqual({ start: 90, end: 99 });
    expect(requestedByteRange('bytes=-1000', undefined, etag, 100)).toEqual({ start: 0, end: 99 });
  });

  it('answers the whole file for no range, ranges it may ignore, and an If-Range that is not this file', () => {
    for (const range of [undefined, 'items=0-1', 'bytes=0-1,5-6', 'bytes=5-1', 'bytes=-', 'bytes=a-b', 'bytes=99999999999999999999-']) {
      expect(requestedByteRange(range, undefined, etag, 100), String(range)).toBeNull();
    }
    expect(requestedByteRange('bytes=0-9', '"other"', etag, 100)).toBeNull();
    expect(requestedByteRange('bytes=0-9', 'Sat, 05 Dec 2026 09:00:00 GMT', etag, 100)).toBeNull();
    expect(requestedByteRange('bytes=0-9', etag, etag, 100)).toEqual({ start: 0, end: 9 });
  });

  it('finds ranges past the end, and empty suffixes, unsatisfiable', () => {
    expect(requestedByteRange('bytes=100-', undefined, etag, 100)).toBe('unsatisfiable');
    expect(requestedByteRange('bytes=-0', undefined, etag, 100)).toBe('unsatisfiable');
    expect(requestedByteRange('bytes=-5', undefined, etag, 0)).toBe('unsatisfiable');
  });
});
