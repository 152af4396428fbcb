import { asBoolean, asMap, type CborValue } from '../../cbor/index.js';

/**
 * An options map: the `known` keys must be booleans (CBOR_UNEXPECTED_TYPE otherwise); keys the command does not
 * define are treated as absent, as CTAP 2.1 §6.1.2 step 5 and §6.2.2 step 4 say.
 */
export function decodeOptions<K extends string>(value: CborValue | undefined, what: string, known: readonly K[]): Partial<Record<K, boolean>> {
  const map = asMap(value, what);
  const options: Partial<Record<K, boolean>> = {};
  for (const key of known) {
    const option = map.get(key);
    if (option !== undefined) options[key] = asBoolean(option, `${what}.${key}`);
  }
  return options;
}
