import { asInteger, type CborValue } from '../../cbor/index.js';
import { CtapError } from '../../status/CtapError.js';
import { CtapStatus } from '../../status/ctapStatus.js';

/** An "Unsigned Integer" parameter: a negative integer is another CBOR major type, so CBOR_UNEXPECTED_TYPE. */
export function asUnsignedInteger(value: CborValue | undefined, what: string): number {
  const integer = asInteger(value, what);
  if (integer < 0) throw new CtapError(CtapStatus.CBOR_UNEXPECTED_TYPE, `${what}: expected an unsigned integer, got ${integer}`);
  return integer;
}
