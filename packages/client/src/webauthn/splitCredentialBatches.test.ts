import { describe, expect, it } from 'vitest';
import { splitCredentialBatches } from './splitCredentialBatches.js';

const credential = (length: number, fill: number) => ({ type: 'public-key', id: new Uint8Array(length).fill(fill) });

describe('splitCredentialBatches', () => {
  it('cuts by count, in order', () => {
    const list = Array.from({ length: 5 }, (_, index) => credential(16, index));
    expect(splitCredentialBatches(list, 2, Number.POSITIVE_INFINITY).map((batch) => batch.map((entry) => entry.id[0]))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('cuts by encoded size: a 128-byte id costs 150 bytes ({"id": h\'…\', "type": "public-key"})', () => {
    const list = Array.from({ length: 7 }, (_, index) => credential(128, index));
    expect(splitCredentialBatches(list, 20, 150 * 3).map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(splitCredentialBatches(list, 20, 150 * 3 - 1).map((batch) => batch.length)).toEqual([2, 2, 2, 1]);
  });

  it('gives a descriptor larger than the budget a batch of its own rather than losing it', () => {
    expect(splitCredentialBatches([credential(200, 1), credential(8, 2)], 20, 100).map((batch) => batch.length)).toEqual([1, 1]);
    expect(splitCredentialBatches([], 20, 100)).toEqual([]);
  });
});
