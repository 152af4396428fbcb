import { timingSafeEqual } from 'node:crypto';

/** Compares two MACs in constant time; the length check comes first because timingSafeEqual throws on a mismatch. */
export function constantTimeEqual(expected: Uint8Array, actual: Uint8Array): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
