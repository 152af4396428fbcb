import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { CBOR_MAX_DEPTH, type CborMap, type CborValue } from './CborValue.js';

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

/** The text of `bytes[start..end)` (an empty string when not `build`), or undefined when it is not valid UTF-8. */
function readUtf8(bytes: Uint8Array, start: number, end: number, build: boolean): string | undefined {
  // ASCII, as CTAP's member names and most ids are, is valid as it is; only the rest needs the decoder.
  let i = start;
  while (i < end && bytes[i]! < 0x80) i++;
  if (i === end && !build) return '';
  if (i === end && end - start <= 256) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** One CBOR item read by `walkCborItem`: where it ends, and its value when it was built. */
export interface WalkedCborItem {
  end: number;
  value: CborValue | undefined;
}

/**
 * Walks one CBOR item starting at `offset` and returns where it ends; with `build`, also its value (maps as Map,
 * byte strings as views into `bytes`, integers from 8-byte heads as BigInt). Checking and building are one pass.
 * It rejects, with CTAP2_ERR_INVALID_CBOR, everything CTAP2 canonical CBOR forbids: truncation, indefinite
 * lengths, tags, floats and simple values other than false/true/null, non-shortest integer and length heads,
 * unsorted or duplicate map keys, invalid UTF-8, and nesting deeper than four levels.
 */
export function walkCborItem(bytes: Uint8Array, offset: number, options: CborCheckOptions, build: boolean): WalkedCborItem {
  const canonical = options.canonical ?? true;
  const maxDepth = options.maxDepth ?? CBOR_MAX_DEPTH;
  // The head just read (by `head`): its argument, its size in bytes, and where what follows it starts. The value
  // of the item just walked (by `item`, when building). No object per head or item.
  let value = 0;
  let size = 0;
  let next = 0;
  let built: CborValue | undefined;

  /** Reads the head at `pos` into `value` / `size` / `next` and returns its major type. */
  function head(pos: number): number {
    if (pos >= bytes.length) throw invalid(`truncated at byte ${pos}`);
    const initial = bytes[pos]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (info < 24) {
      value = info;
      size = 0;
      next = pos + 1;
      return major;
    }
    if (info > 27) throw invalid(info === 31 ? `indefinite length at byte ${pos}` : `reserved head 0x${initial.toString(16)} at byte ${pos}`);
    size = 1 << (info - 24);
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

  /** An integer's value; an 8-byte head is a BigInt, exactly (a double would round it). */
  function integer(major: number, pos: number): number | bigint {
    if (size === 8) {
      let big = 0n;
      for (let i = 1; i <= 8; i++) big = (big << 8n) | BigInt(bytes[pos + i]!);
      return major === 0 ? big : -1n - big;
    }
    return major === 0 ? value : -1 - value;
  }

  function item(pos: number, depth: number): number {
    const start = pos;
    const major = head(pos);
    switch (major) {
      case 0:
      case 1:
        if (build) built = integer(major, start);
        return next;
      case 2:
      case 3: {
        const end = next + value;
        if (end > bytes.length) throw invalid(`string at byte ${start} runs past the end`);
        if (major === 2) {
          if (build) built = bytes.subarray(next, end);
        } else {
          const text = readUtf8(bytes, next, end, build);
          if (text === undefined) throw invalid(`invalid UTF-8 in text string at byte ${start}`);
          if (build) built = text;
        }
        return end;
      }
      case 4: {
        if (depth >= maxDepth) throw invalid(`nesting deeper than ${maxDepth} at byte ${start}`);
        const count = value;
        const array: CborValue[] | undefined = build ? [] : undefined;
        let p = next;
        for (let i = 0; i < count; i++) {
          p = item(p, depth + 1);
          array?.push(built!);
        }
        built = array;
        return p;
      }
      case 5: {
        if (depth >= maxDepth) throw invalid(`nesting deeper than ${maxDepth} at byte ${start}`);
        const count = value;
        const map: CborMap | undefined = build ? new Map() : undefined;
        let p = next;
        let previousKey = -1;
        let previousKeyEnd = -1;
        for (let i = 0; i < count; i++) {
          const keyStart = p;
          const keyMajor = (bytes[p] ?? 0) >> 5;
          p = item(p, depth + 1);
          const key = built;
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
          // Outside canonical form keys of any type are kept as decoded, as a general CBOR decoder does.
          map?.set(key as number | string, built!);
        }
        built = map;
        return p;
      }
      case 6:
        throw invalid(`tag at byte ${start}`);
      default: {
        // Major type 7: only false (20), true (21) and null (22) occur in CTAP2.
        const info = bytes[start]! & 0x1f;
        if (info >= 20 && info <= 22) {
          built = info === 20 ? false : info === 21 ? true : null;
          return start + 1;
        }
        throw invalid(`float or simple value 0x${bytes[start]!.toString(16)} at byte ${start}`);
      }
    }
  }

  const end = item(offset, 0);
  return { end, value: built };
}

/** Walks one CBOR item starting at `offset` without building values and returns where it ends (see walkCborItem). */
export function checkCborItem(bytes: Uint8Array, offset = 0, options: CborCheckOptions = {}): number {
  return walkCborItem(bytes, offset, options, false).end;
}
