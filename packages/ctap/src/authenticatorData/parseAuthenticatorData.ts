import { decodeCborItem } from '../cbor/index.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { ParsedAttestedCredentialData, ParsedAuthenticatorData } from './AuthenticatorData.js';
import { AuthenticatorDataFlags } from './AuthenticatorDataFlags.js';

const HEADER_LENGTH = 37; // rpIdHash (32) + flags (1) + signCount (4)
const ATTESTED_HEADER_LENGTH = 18; // aaguid (16) + credentialIdLength (2)

function badLength(detail: string): CtapError {
  return new CtapError(CtapStatus.INVALID_LENGTH, detail);
}

/**
 * Parses authenticatorData strictly: AT must be set exactly when attested credential data follows, ED exactly
 * when an extensions map follows, both must be canonical CBOR maps, and nothing may trail them.
 * Truncation and trailing bytes are INVALID_LENGTH; a COSE key or extensions that are not a CBOR map are INVALID_CBOR
 * (as is malformed CBOR, from the decoder).
 */
export function parseAuthenticatorData(bytes: Uint8Array): ParsedAuthenticatorData {
  if (bytes.length < HEADER_LENGTH) throw badLength(`authenticatorData is ${bytes.length} bytes, at least ${HEADER_LENGTH} needed`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = bytes[32]!;
  const result: ParsedAuthenticatorData = {
    rpIdHash: bytes.slice(0, 32),
    flags,
    signCount: view.getUint32(33),
  };
  let offset = HEADER_LENGTH;

  if (flags & AuthenticatorDataFlags.AT) {
    if (bytes.length < offset + ATTESTED_HEADER_LENGTH) throw badLength('AT is set but attested credential data is truncated');
    const aaguid = bytes.slice(offset, offset + 16);
    const idLength = view.getUint16(offset + 16);
    offset += ATTESTED_HEADER_LENGTH;
    if (bytes.length < offset + idLength) throw badLength('credentialId is truncated');
    const credentialId = bytes.slice(offset, offset + idLength);
    offset += idLength;
    if (offset >= bytes.length) throw badLength('credentialPublicKey is missing');
    const { value, end } = decodeCborItem(bytes, offset);
    if (!(value instanceof Map)) throw new CtapError(CtapStatus.INVALID_CBOR, 'credentialPublicKey is not a CBOR map');
    const attested: ParsedAttestedCredentialData = {
      aaguid,
      credentialId,
      credentialPublicKey: value,
      credentialPublicKeyBytes: bytes.slice(offset, end),
    };
    result.attestedCredentialData = attested;
    offset = end;
  }

  if (flags & AuthenticatorDataFlags.ED) {
    if (offset >= bytes.length) throw badLength('ED is set but extensions are missing');
    const { value, end } = decodeCborItem(bytes, offset);
    if (!(value instanceof Map)) throw new CtapError(CtapStatus.INVALID_CBOR, 'extensions are not a CBOR map');
    result.extensions = value;
    offset = end;
  }

  if (offset !== bytes.length) throw badLength(`${bytes.length - offset} trailing bytes after authenticatorData`);
  return result;
}
