import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { CborMap, CborValue } from './CborValue.js';

/**
 * Typed accessors for decoded CTAP2 maps. A value of the wrong CBOR type is CTAP2_ERR_CBOR_UNEXPECTED_TYPE,
 * a required member that is absent is CTAP2_ERR_MISSING_PARAMETER, as the spec's command descriptions demand.
 */
function unexpected(what: string, expected: string, value: CborValue | undefined): CtapError {
  const got = value === null ? 'null' : value instanceof Uint8Array ? 'bytes' : value instanceof Map ? 'map' : Array.isArray(value) ? 'array' : typeof value;
  return new CtapError(CtapStatus.CBOR_UNEXPECTED_TYPE, `${what}: expected ${expected}, got ${got}`);
}

export function asMap(value: CborValue | undefined, what: string): CborMap {
  if (value instanceof Map) return value;
  throw unexpected(what, 'map', value);
}

export function asArray(value: CborValue | undefined, what: string): CborValue[] {
  if (Array.isArray(value)) return value;
  throw unexpected(what, 'array', value);
}

export function asBytes(value: CborValue | undefined, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw unexpected(what, 'byte string', value);
}

export function asText(value: CborValue | undefined, what: string): string {
  if (typeof value === 'string') return value;
  throw unexpected(what, 'text string', value);
}

export function asInteger(value: CborValue | undefined, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw unexpected(what, 'integer', value);
}

/** CTAP "Unsigned Integer": a negative CBOR integer is another major type, so CBOR_UNEXPECTED_TYPE. */
export function asUnsignedInteger(value: CborValue | undefined, what: string): number {
  const integer = asInteger(value, what);
  if (integer < 0) throw new CtapError(CtapStatus.CBOR_UNEXPECTED_TYPE, `${what}: expected an unsigned integer, got ${integer}`);
  return integer;
}

export function asBoolean(value: CborValue | undefined, what: string): boolean {
  if (typeof value === 'boolean') return value;
  throw unexpected(what, 'boolean', value);
}

/** A required member: missing is MISSING_PARAMETER, otherwise `read` checks its type. */
export function requiredMember<T>(
  map: CborMap,
  key: number | string,
  what: string,
  read: (value: CborValue | undefined, what: string) => T,
): T {
  const value = map.get(key);
  if (value === undefined) throw new CtapError(CtapStatus.MISSING_PARAMETER, `${what} is missing`);
  return read(value, what);
}

/** An optional member: absent gives undefined, present must have the right type. */
export function optionalMember<T>(
  map: CborMap,
  key: number | string,
  what: string,
  read: (value: CborValue | undefined, what: string) => T,
): T | undefined {
  const value = map.get(key);
  return value === undefined ? undefined : read(value, what);
}
