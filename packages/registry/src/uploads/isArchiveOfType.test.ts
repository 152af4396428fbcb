import { describe, expect, it } from 'vitest';
import { isArchiveOfType } from './isArchiveOfType.js';

describe('isArchiveOfType', () => {
  const gzip = Uint8Array.from([0x1f, 0x8b, 8, 0]);
  const zip = Uint8Array.from([0x50, 0x4b, 3, 4]);
  it('wants gzip for .tar.gz and a zip header for .zip and .whl', () => {
    expect(isArchiveOfType(gzip, 'a-1.tar.gz')).toBe(true);
    expect(isArchiveOfType(zip, 'a-1.zip')).toBe(true);
    expect(isArchiveOfType(zip, 'a-1-py3-none-any.whl')).toBe(true);
    expect(isArchiveOfType(zip, 'a-1.tar.gz')).toBe(false);
    expect(isArchiveOfType(gzip, 'a-1.whl')).toBe(false);
    expect(isArchiveOfType(Uint8Array.from([0x50, 0x4b]), 'a-1.zip')).toBe(false);
    expect(isArchiveOfType(new Uint8Array(), 'a-1.tar.gz')).toBe(false);
    expect(isArchiveOfType(gzip, 'a-1.egg')).toBe(false);
  });
});
