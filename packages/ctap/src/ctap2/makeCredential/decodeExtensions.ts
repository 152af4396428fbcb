import { CtapError } from '../../status/CtapError.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { asMap, type CborMap, type CborValue } from '../../cbor/index.js';

/** An extensions map: keys are extension identifiers (text); the values stay raw for each extension to read. */
export function decodeExtensions(value: CborValue | undefined, what: string): CborMap {
  const map = asMap(value, what);
  for (const key of map.keys()) {
    if (typeof key !== 'string') throw new CtapError(CtapStatus.CBOR_UNEXPECTED_TYPE, `${what}: extension identifiers are text, got ${key}`);
  }
  return map;
}
