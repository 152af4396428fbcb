import type { CborValue } from '../../cbor/CborValue.js';
import { asInteger } from '../../cbor/cborReaders.js';
import { CtapError } from '../../status/CtapError.js';
import { CtapStatus } from '../../status/ctapStatus.js';

/** CTAP "Unsigned Integer": a negative CBOR integer is the wrong major type. */
export function asUnsignedInteger(value: CborValue | undefined, what: string): number {
  const number = asInteger(value, what);
  if (number < 0) throw new CtapError(CtapStatus.CBOR_UNEXPECTED_TYPE, `${what}: expected an unsigned integer, got ${number}`);
  return number;
}
