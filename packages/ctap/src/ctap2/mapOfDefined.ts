import type { CborMap, CborValue } from '../cbor/CborValue.js';

/**
 * A CBOR map of the entries whose value is defined, in the order given. Encoders list every optional member and
 * leave the skipping of absent ones to this; the counterpart of withDefinedMembers on the decoding side.
 */
export function mapOfDefined(entries: ReadonlyArray<readonly [number | string, CborValue | undefined]>): CborMap {
  const map: CborMap = new Map();
  for (const [key, value] of entries) if (value !== undefined) map.set(key, value);
  return map;
}
