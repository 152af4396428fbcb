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
  const utf8 = new TextDecoder('utf-8', { fatal: true });

  function head(pos: number): { major: number; value: number; next: number } {
    if (pos >= bytes.length) throw invalid(`truncated at byte ${pos}`);
    const initial = bytes[pos]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (info < 24) return { major, value: info, next: pos + 1 };
    if (info > 27) throw invalid(info === 31 ? `indefinite length at byte ${pos}` : `reserved head 0x${initial.toString(16)} at byte ${pos}`);
    const size = 1 << (info - 24);
    if (pos + 1 + size > bytes.length) throw invalid(`truncated head at byte ${pos}`);
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + bytes[pos + 1 + i]!;
    // Shortest form: a 1-byte head must hold >= 24, a 2-byte head >= 256, and so on.
    const minimum = size === 1 ? 24 : 2 ** (8 * (size / 2));
    if (canonical && major !== 7 && value < minimum) throw invalid(`non-shortest encoding at byte ${pos}`);
    return { major, value, next: pos + 1 + size };
  }

  function compareKeys(a: Uint8Array, b: Uint8Array): number {
    if (a.length !== b.length) return a.length - b.length;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  }

  function item(pos: number, depth: number): number {
    const start = pos;
    const h = head(pos);
    switch (h.major) {
      case 0:
      case 1:
        return h.next;
      case 2:
      case 3: {
        const end = h.next + h.value;
        if (end > bytes.length) throw invalid(`string at byte ${start} runs past the end`);
        if (h.major === 3) {
          try {
            utf8.decode(bytes.subarray(h.next, end));
          } catch {
            throw invalid(`invalid UTF-8 in text string at byte ${start}`);
          }
        }
        return end;
      }
      case 4: {
        if (depth >= maxDepth) throw invalid(`nesting deeper than ${maxDepth} at byte ${start}`);
        let p = h.next;
        for (let i = 0; i < h.value; i++) p = item(p, depth + 1);
        return p;
      }
      case 5: {
        if (depth >= maxDepth) throw invalid(`nesting deeper than ${maxDepth} at byte ${start}`);
        let p = h.next;
        let previousKey: Uint8Array | undefined;
        for (let i = 0; i < h.value; i++) {
          const keyStart = p;
          const keyMajor = (bytes[p] ?? 0) >> 5;
          p = item(p, depth + 1);
          if (canonical) {
            if (keyMajor > 3 || keyMajor === 2) throw invalid(`map key of major type ${keyMajor} at byte ${keyStart}`);
            const key = bytes.subarray(keyStart, p);
            if (previousKey) {
              const order = compareKeys(previousKey, key);
              if (order === 0) throw invalid(`duplicate map key at byte ${keyStart}`);
              if (order > 0) throw invalid(`map keys out of canonical order at byte ${keyStart}`);
            }
            previousKey = key;
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
