/** Bytes `start` to `end` of a file, both included. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one byte range a GET asks for in its Range header (RFC 9110 §14.2), within a file of `size` bytes:
 * `bytes=a-b`, `bytes=a-` or `bytes=-n` (the last n). null when the whole file is to be sent: no Range, one the
 * server may ignore (another unit, several ranges, bad syntax), or an If-Range that is not this file's `etag`.
 * 'unsatisfiable' when the range starts past the end (416).
 */
export function requestedByteRange(range: string | undefined, ifRange: string | undefined, etag: string, size: number): ByteRange | 'unsatisfiable' | null {
  if (range === undefined) return null;
  // If-Range with a date, or a weak or other tag: the client's copy may differ, so it gets the whole file.
  if (ifRange !== undefined && ifRange.trim() !== etag) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
