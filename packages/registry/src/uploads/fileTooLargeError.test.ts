import { describe, expect, it } from 'vitest';
import { fileTooLargeError } from './fileTooLargeError.js';

describe('fileTooLargeError', () => {
  it('is a 413 that states the limit in MiB or bytes', () => {
    expect(fileTooLargeError(100 * 1024 * 1024)).toMatchObject({ status: 413, code: 'file_too_large', message: 'File too large. Limit is 100 MiB per file.' });
    expect(fileTooLargeError(1.5 * 1024 * 1024).message).toBe('File too large. Limit is 1.5 MiB per file.');
    expect(fileTooLargeError(4096).message).toBe('File too large. Limit is 4096 bytes per file.');
  });
});
