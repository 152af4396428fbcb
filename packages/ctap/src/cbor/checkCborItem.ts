import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { CBOR_MAX_DEPTH } from './CborValue.js';

export interface CborCheckOptions {
  /** Enforce CTAP2 canonical form (shortest heads, sorted unique map keys). Default true. */
  canonical?: boolean;
  /** Deepest nesting of maps/arrays allowed. Default CBOR_MAX_DEPTH (4). */
  maxDepth?: number;
}

function invalid(detail: string): CtapError {
  return new CtapError(CtapStatus.INVALID_CBOR, detail);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function compareKeys(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): number {
  const aLength = aEnd - a;
  if (aLength !== bEnd - b) return aLength - (bEnd - b);
  for (let i = 0; i < aLength; i++) if (bytes[a + i] !== bytes[b + i]) return bytes[a + i]! - bytes[b + i]!;
  return 0;
}

function validUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  // ASCII, as CTAP's member names and most ids are, is valid as it is; only the rest needs the decoder.
  let i = start;
  while (i < end && bytes[i]! < 0x80) i++;
  if (i === end) return true;
  try {
    utf8.decode(bytes.subarray(i, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Walks one CBOR item starting at `offset` without building values and returns where it ends.
 * It rejects, with CTAP2_ERR_INVALID_CBOR, everything CTAP2 canonical CBOR forbids: truncation, indefinite
 * lengths, tags, floats and simple values other than false/true/null, non-shortest integer and length heads,
 * unsorted or duplicate map keys, invalid UTF-8, and nesting deeper than four levels.
 * cbor-x is lenient about all of these, so this check runs first and decides what an authenticator accepts.
 */
export function checkCborItem(bytes: Uint8Array, offset = 0, options: CborCheckOptions = {}): number {
  const canonical = options.canonical ?? true;
  const maxDepth = options.maxDepth ?? CBOR_MAX_DEPTH;
  // The head just read (by `head`): its argument, and where what follows it starts. No object per head.
  let value = 0;
  let next = 0;

  /** Reads the head at `pos` into `value` / `next` and returns its major type. */
  function head(pos: number): number {
    if (pos >= bytes.length) throw invalid(`truncated at byte ${pos}`);
    const initial = bytes[pos]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (info < 24) {
      value = info;
      next = pos + 1;
      return major;
    }
    if (info > 27) throw invalid(info === 31 ? `indefinite length at byte ${pos}` : `reserved head 0x${initial.toString(16)} at byte ${pos}`);
    const size = 1 << (info - 24);
    if (pos + 1 + size > bytes.length) throw invalid(`truncated head at byte ${pos}`);
    let argument = 0;
    for (let i = 0; i < size; i++) argument = argument * 256 + bytes[pos + 1 + i]!;
    // Shortest form: a 1-byte head must hold >= 24, a 2-byte head >= 256, and so on.
    const minimum = size === 1 ? 24 : 2 ** (8 * (size / 2));
    if (canonical && major !== 7 && argument < minimum) throw invalid(`non-shortest encoding at byte ${pos}`);
    value = argument;
    next = pos + 1 + size;
    return major;
  }

  function item(pos: number, depth: number): number {
    const start = pos;
    const major = head(pos);
    switch (major) {
      case 0:
      case 1:
        return next;
      case 2:
      case 3: {
        const end = next + value;
        if (end > bytes.length) throw invalid(`string at byte ${start} runs past the end`);
        if (major === 3 && !validUtf8(bytes, next, end)) throw invalid(`invalid UTF-8 in text string at byte ${start}`);
        return end;
      }
      case 4: {
        if (depth >= maxDepth) throw invalid(`nesting deeper than ${maxDepth} at byte ${start}`);
        const count = value;
        let p = next;
        for (let i = 0; i < count; i++) p = item(p, depth + 1);
        return p;
      }
      case 5: {
        if (depth >= maxDepth) throw invalid(`nesting deeper than ${maxDepth} at byte ${start}`);
        const count = value;
        let p = next;
        let previousKey = -1;
        let previousKeyEnd = -1;
        for (let i = 0; i < count; i++) {
          const keyStart = p;
          const keyMajor = (bytes[p] ?? 0) >> 5;
          p = item(p, depth + 1);
          if (canonical) {
            if (keyMajor > 3 || keyMajor === 2) throw invalid(`map key of major type ${keyMajor} at byte ${keyStart}`);
            if (previousKey >= 0) {
              const order = compareKeys(bytes, previousKey, previousKeyEnd, keyStart, p);
              if (order === 0) throw invalid(`duplicate map key at byte ${keyStart}`);
              if (order > 0) throw invalid(`map keys out of canonical order at byte ${keyStart}`);
            }
            previousKey = keyStart;
            previousKeyEnd = p;
          }
          p = item(p, depth + 1);
        }
        return p;
      }
      case 6:
        throw invalid(`tag at byte ${start}`);
      default: {
        // Major type 7: only false (20), true (21) and null (22) occur in CTAP2.
        const info = bytes[start]! & 0x1f;
        if (info >= 20 && info <= 22) return start + 1;
        throw invalid(`float or simple value 0x${bytes[start]!.toString(16)} at byte ${start}`);
      }
    }
  }

  return item(offset, 0);
}
