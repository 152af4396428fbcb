import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { CborValue } from './CborValue.js';
import { walkCborItem, type CborCheckOptions } from './checkCborItem.js';

/** Decodes exactly one CTAP2-canonical CBOR item that must fill `bytes` entirely (checked and built in one pass). */
export function decodeCbor(bytes: Uint8Array, options: CborCheckOptions = {}): CborValue {
  const { value, end } = walkCborItem(bytes, 0, options, true);
  if (end !== bytes.length) throw new CtapError(CtapStatus.INVALID_CBOR, `${bytes.length - end} trailing bytes`);
  return value!;
}

/** Decodes one item that starts at `offset` and may be followed by other data (as in authenticatorData). */
export function decodeCborItem(
  bytes: Uint8Array,
  offset: number,
  options: CborCheckOptions = {},
): { value: CborValue; end: number } {
  const { value, end } = walkCborItem(bytes, offset, options, true);
  return { value: value!, end };
}
