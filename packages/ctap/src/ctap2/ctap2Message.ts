import type { CborMap } from '../cbor/CborValue.js';
import { asMap } from '../cbor/cborReaders.js';
import { decodeCbor } from '../cbor/decodeCbor.js';
import { encodeCborAfterByte } from '../cbor/encodeCbor.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';

/** A CTAP2 request as it travels in CTAPHID_CBOR: command byte, then an optional CBOR map of parameters. */
export function encodeCtap2Request(command: number, parameters?: CborMap): Uint8Array {
  return encodeCborAfterByte(command, parameters && parameters.size > 0 ? parameters : undefined);
}

/**
 * Splits a CTAP2 request. An empty message is INVALID_LENGTH; parameters that are not canonical CBOR are
 * INVALID_CBOR; parameters that are not a map are CBOR_UNEXPECTED_TYPE.
 */
export function decodeCtap2Request(message: Uint8Array): { command: number; parameters: CborMap | undefined } {
  if (message.length === 0) throw new CtapError(CtapStatus.INVALID_LENGTH, 'empty CTAP2 message');
  const command = message[0]!;
  if (message.length === 1) return { command, parameters: undefined };
  return { command, parameters: asMap(decodeCbor(message.subarray(1)), 'request parameters') };
}

/** A CTAP2 response: status byte, then the CBOR map when the status is OK and there is something to say. */
export function encodeCtap2Response(status: number, body?: CborMap): Uint8Array {
  return encodeCborAfterByte(status, status === CtapStatus.OK && body ? body : undefined);
}

/**
 * Reads a response from a device: a non-zero status becomes a CtapError. Devices in the field do not always
 * sort their map keys, so the client side checks well-formedness but not key order.
 */
export function decodeCtap2Response(message: Uint8Array): CborMap | undefined {
  if (message.length === 0) throw new CtapError(CtapStatus.INVALID_LENGTH, 'empty CTAP2 response');
  const status = message[0]!;
  if (status !== CtapStatus.OK) throw new CtapError(status);
  if (message.length === 1) return undefined;
  return asMap(decodeCbor(message.subarray(1), { canonical: false }), 'response');
}
