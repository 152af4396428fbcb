import { Decoder } from 'cbor-x';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { CborValue } from './CborValue.js';
import { checkCborItem, type CborCheckOptions } from './checkCborItem.js';

const decoder = new Decoder({ useRecords: false, mapsAsObjects: false, bundleStrings: false });

function decodeChecked(bytes: Uint8Array, start: number, end: number): CborValue {
  try {
    return decoder.decode(bytes.subarray(start, end)) as CborValue;
  } catch (error) {
    // checkCborItem has already accepted the bytes, so this is defence in depth only.
    throw new CtapError(CtapStatus.INVALID_CBOR, (error as Error).message);
  }
}

/** Decodes exactly one CTAP2-canonical CBOR item that must fill `bytes` entirely. */
export function decodeCbor(bytes: Uint8Array, options?: CborCheckOptions): CborValue {
  const end = checkCborItem(bytes, 0, options);
  if (end !== bytes.length) throw new CtapError(CtapStatus.INVALID_CBOR, `${bytes.length - end} trailing bytes`);
  return decodeChecked(bytes, 0, end);
}

/** Decodes one item that starts at `offset` and may be followed by other data (as in authenticatorData). */
export function decodeCborItem(
  bytes: Uint8Array,
  offset: number,
  options?: CborCheckOptions,
): { value: CborValue; end: number } {
  const end = checkCborItem(bytes, offset, options);
  return { value: decodeChecked(bytes, offset, end), end };
}
