import { describe, expect, it } from 'vitest';
import { readTimestamp } from './readTimestamp.js';

describe('readTimestamp', () => {
  it('reads Dates, epoch milliseconds as numbers or digits, and ISO strings', () => {
    const time = new Date('2024-05-06T07:08:09.123Z');
    expect(readTimestamp(time).toISOString()).toBe(time.toISOString());
    expect(readTimestamp(time.getTime()).toISOString()).toBe(time.toISOString());
    expect(readTimestamp(String(time.getTime())).toISOString()).toBe(time.toISOString());
    expect(readTimestamp('2024-05-06T07:08:09.123Z').toISOString()).toBe(time.toISOString());
  });
});
