import { Encoder } from 'cbor-x';
import type { CborValue } from './CborValue.js';

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  variableMapSize: true,
  tagUint8Array: false,
  pack: false,
  bundleStrings: false,
});

const TWO_POW_32 = 2 ** 32;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

// CTAP maps reuse a small set of keys (small integers, short member names), so their encodings are kept
// rather than recomputed for every map; the bound keeps hostile key sets from growing it without limit.
const encodedKeys = new Map<number | string, Uint8Array>();
const MAX_CACHED_KEYS = 512;

function encodeKey(key: number | string): Uint8Array {
  let encoded = encodedKeys.get(key);
  if (!encoded) {
    encoded = Uint8Array.from(encoder.encode(canonicalize(key)) as Uint8Array);
    if (encodedKeys.size < MAX_CACHED_KEYS) encodedKeys.set(key, encoded);
  }
  return encoded;
}

/**
 * Rewrites a value into the shape cbor-x encodes canonically: map entries sorted by their encoded keys
 * (length first, then bytewise, as CTAP2 requires) and integers of 2^32 and beyond as BigInt, because cbor-x
 * writes large JS numbers as floats.
 */
function canonicalize(value: CborValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`CTAP2 CBOR carries integers only, got ${value}`);
    return Math.abs(value) >= TWO_POW_32 || value < -TWO_POW_32 ? BigInt(value) : value;
  }
  if (typeof value === 'bigint') {
    if (value > -(2n ** 32n) && value < 2n ** 32n) return Number(value);
    if (value >= 2n ** 64n || value < -(2n ** 64n)) throw new TypeError(`integer ${value} does not fit CBOR`);
    return value;
  }
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value instanceof Map) {
    const entries = [...value].map(([key, item]) => ({
      key,
      encodedKey: encodeKey(key),
      item: canonicalize(item),
    }));
    entries.sort((a, b) => compareBytes(a.encodedKey, b.encodedKey));
    return new Map(entries.map((entry) => [entry.key, entry.item]));
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  throw new TypeError(`cannot encode ${typeof value} as CTAP2 CBOR`);
}

/** Encodes a value as CTAP2 canonical CBOR. */
export function encodeCbor(value: CborValue): Uint8Array {
  // Copy: cbor-x may hand out views into a buffer it reuses.
  return Uint8Array.from(encoder.encode(canonicalize(value)) as Uint8Array);
}
