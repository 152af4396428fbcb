import { HttpError } from '../http/HttpError.js';

/** The 413 for a file over `maxBytes` (config.maxUploadBytes), with the limit in words. */
export function fileTooLargeError(maxBytes: number): HttpError {
  const mib = maxBytes / (1024 * 1024);
  const limit = mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${maxBytes} bytes`;
  return new HttpError(413, 'file_too_large', `File too large. Limit is ${limit} per file.`);
}
