import type { CborValue } from './CborValue.js';

// A direct CTAP2-canonical encoder: CTAP messages are small and of few types, and writing them straight into one
// buffer costs a fraction of rewriting them into sorted Maps for a general-purpose encoder first.

const TWO_POW_32 = 2 ** 32;
const TWO_POW_64 = 2n ** 64n;
const utf8 = new TextEncoder();
const INITIAL_BUFFER = 1024;
const MAX_KEPT_BUFFER = 64 * 1024;

/** A growing output buffer; `encodeCbor` copies out what it wrote, so the buffer is reused between calls. */
class Writer {
  bytes = new Uint8Array(INITIAL_BUFFER);
  length = 0;

  reserve(size: number): void {
    if (this.length + size <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + size));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** The shortest head of `major` with argument `value` (a non-negative integer below 2^64). */
  head(major: number, value: number | bigint): void {
    const type = major << 5;
    this.reserve(9);
    const bytes = this.bytes;
    let at = this.length;
    if (typeof value === 'bigint') {
      bytes[at++] = type | 27;
      for (let shift = 56n; shift >= 0n; shift -= 8n) bytes[at++] = Number((value >> shift) & 0xffn);
    } else if (value < 24) {
      bytes[at++] = type | value;
    } else if (value < 0x100) {
      bytes[at++] = type | 24;
      bytes[at++] = value;
    } else if (value < 0x10000) {
      bytes[at++] = type | 25;
      bytes[at++] = value >>> 8;
      bytes[at++] = value & 0xff;
    } else if (value < TWO_POW_32) {
      bytes[at++] = type | 26;
      bytes[at++] = value >>> 24;
      bytes[at++] = (value >>> 16) & 0xff;
      bytes[at++] = (value >>> 8) & 0xff;
      bytes[at++] = value & 0xff;
    } else {
      const high = Math.floor(value / TWO_POW_32);
      const low = value - high * TWO_POW_32;
      bytes[at++] = type | 27;
      bytes[at++] = high >>> 24;
      bytes[at++] = (high >>> 16) & 0xff;
      bytes[at++] = (high >>> 8) & 0xff;
      bytes[at++] = high & 0xff;
      bytes[at++] = low >>> 24;
      bytes[at++] = (low >>> 16) & 0xff;
      bytes[at++] = (low >>> 8) & 0xff;
      bytes[at++] = low & 0xff;
    }
    this.length = at;
  }

  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  text(value: string): void {
    // ASCII (all of CTAP's member names and most ids) is copied as it is; anything else goes through TextEncoder.
    const length = value.length;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      if (value.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      const encoded = utf8.encode(value);
      this.head(3, encoded.length);
      this.raw(encoded);
      return;
    }
    this.head(3, length);
    this.reserve(length);
    const bytes = this.bytes;
    const at = this.length;
    for (let i = 0; i < length; i++) bytes[at + i] = value.charCodeAt(i);
    this.length = at + length;
  }

  integer(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new TypeError(`CTAP2 CBOR carries integers only, got ${value}`);
      if (value >= 0) this.head(0, value);
      else this.head(1, -1 - value);
      return;
    }
    if (value >= TWO_POW_64 || value < -TWO_POW_64) throw new TypeError(`integer ${value} does not fit CBOR`);
    if (value >= 0n) this.head(0, value < TWO_POW_32 ? Number(value) : value);
    else {
      const argument = -1n - value;
      this.head(1, argument < TWO_POW_32 ? Number(argument) : argument);
    }
  }

  value(value: CborValue): void {
    if (typeof value === 'number' || typeof value === 'bigint') return this.integer(value);
    if (typeof value === 'string') return this.text(value);
    if (value instanceof Uint8Array) {
      this.head(2, value.length);
      return this.raw(value);
    }
    if (Array.isArray(value)) {
      this.head(4, value.length);
      for (const element of value) this.value(element);
      return;
    }
    if (value instanceof Map) return this.map(value);
    if (value === null || typeof value === 'boolean') {
      this.reserve(1);
      this.bytes[this.length++] = value === null ? 0xf6 : value ? 0xf5 : 0xf4;
      return;
    }
    throw new TypeError(`cannot encode ${typeof value} as CTAP2 CBOR`);
  }

  /** Entries sorted by their encoded keys, length first, then bytewise, as CTAP2 requires. */
  map(map: Map<number | string, CborValue>): void {
    this.head(5, map.size);
    const entries: { key: Uint8Array; item: CborValue }[] = [];
    let sorted = true;
    for (const [key, item] of map) {
      const entry = { key: encodeKey(key), item };
      if (sorted && entries.length > 0 && compareBytes(entries[entries.length - 1]!.key, entry.key) > 0) sorted = false;
      entries.push(entry);
    }
    if (!sorted) entries.sort((a, b) => compareBytes(a.key, b.key));
    for (const entry of entries) {
      this.raw(entry.key);
      this.value(entry.item);
    }
  }

  take(): Uint8Array {
    const result = this.bytes.slice(0, this.length);
    this.length = 0;
    // One huge message must not pin its buffer for the life of the process.
    if (this.bytes.length > MAX_KEPT_BUFFER) this.bytes = new Uint8Array(INITIAL_BUFFER);
    return result;
  }
}

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
    const writer = new Writer();
    writer.value(key);
    encoded = writer.take();
    if (encodedKeys.size < MAX_CACHED_KEYS) encodedKeys.set(key, encoded);
  }
  return encoded;
}

const writer = new Writer();

/** Encodes a value as CTAP2 canonical CBOR (fresh bytes: a later call does not overwrite them). */
export function encodeCbor(value: CborValue): Uint8Array {
  if (value === undefined) throw new TypeError('cannot encode undefined as CTAP2 CBOR');
  return encodeCborAfterByte(undefined, value);
}

/**
 * `first` (a CTAP2 command or status byte), then `value` as CTAP2 canonical CBOR unless it is undefined: the
 * message in one buffer, without copying the CBOR behind its first byte.
 */
export function encodeCborAfterByte(first: number | undefined, value: CborValue | undefined): Uint8Array {
  try {
    if (first !== undefined) {
      writer.reserve(1);
      writer.bytes[writer.length++] = first;
    }
    if (value !== undefined) writer.value(value);
  } catch (error) {
    writer.length = 0;
    throw error;
  }
  return writer.take();
}
