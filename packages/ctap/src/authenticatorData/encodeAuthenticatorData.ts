import { encodeCbor } from '../cbor/index.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { AuthenticatorData } from './AuthenticatorData.js';
import { AuthenticatorDataFlags } from './AuthenticatorDataFlags.js';

function invalid(detail: string): CtapError {
  return new CtapError(CtapStatus.INVALID_PARAMETER, detail);
}

/**
 * Serializes authenticatorData. AT and ED in `flags` are overwritten from whether attestedCredentialData and
 * extensions are given, so the flags can never contradict the content.
 */
export function encodeAuthenticatorData(data: AuthenticatorData): Uint8Array {
  const { rpIdHash, signCount, attestedCredentialData, extensions } = data;
  if (rpIdHash.length !== 32) throw invalid('rpIdHash must be 32 bytes');
  if (!Number.isInteger(data.flags) || data.flags < 0 || data.flags > 0xff) throw invalid('flags must be one byte');
  if (!Number.isInteger(signCount) || signCount < 0 || signCount > 0xffffffff) throw invalid('signCount must be an unsigned 32-bit integer');

  let flags = data.flags & ~(AuthenticatorDataFlags.AT | AuthenticatorDataFlags.ED);
  const parts: Uint8Array[] = [rpIdHash, new Uint8Array(5)];
  if (attestedCredentialData) {
    const { aaguid, credentialId, credentialPublicKey } = attestedCredentialData;
    if (aaguid.length !== 16) throw invalid('aaguid must be 16 bytes');
    if (credentialId.length > 0xffff) throw invalid('credentialId longer than 65535 bytes');
    flags |= AuthenticatorDataFlags.AT;
    const idLength = new Uint8Array(2);
    new DataView(idLength.buffer).setUint16(0, credentialId.length);
    parts.push(aaguid, idLength, credentialId, encodeCbor(credentialPublicKey));
  }
  if (extensions) {
    flags |= AuthenticatorDataFlags.ED;
    parts.push(encodeCbor(extensions));
  }
  const header = parts[1]!;
  header[0] = flags;
  new DataView(header.buffer).setUint32(1, signCount);

  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
