import type { CborMap, CborValue } from '../../cbor/index.js';

/** An options map with the options that are set; undefined ones are left out. */
export function encodeOptions(options: Readonly<Record<string, boolean | undefined>>): CborMap {
  const map = new Map<string, CborValue>();
  for (const [key, value] of Object.entries(options)) if (value !== undefined) map.set(key, value);
  return map;
}
