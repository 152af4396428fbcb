import { CtapError, CtapStatus, type CredentialManagementResponse } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { CREDENTIAL_ENUMERATION_TIMEOUT_MS } from './CredentialEnumeration.js';
import { describeCredential } from './describeCredential.js';
import { describeRp } from './describeRp.js';
import { discoverableCredentials } from './discoverableCredentials.js';

/**
 * enumerateRPsGetNextRP (0x03) and enumerateCredentialsGetNextCredential (0x05), CTAP 2.1 §6.8:
 * the next item of the enumeration the matching begin started. Without one in progress (never begun, ended
 * by another command, expired, or exhausted) the answer is NOT_ALLOWED. No pinUvAuthParam: the begin
 * sub-command was authorized.
 */
export function enumerateNext(core: AuthenticatorCore, kind: 'rps' | 'credentials'): CredentialManagementResponse {
  const enumeration = core.volatile.credentialEnumeration;
  core.volatile.credentialEnumeration = undefined;
  if (!enumeration || enumeration.kind !== kind || core.now() > enumeration.expiresAt) {
    throw new CtapError(CtapStatus.NOT_ALLOWED, `no ${kind === 'rps' ? 'RP' : 'credential'} enumeration in progress`);
  }
  const expiresAt = core.now() + CREDENTIAL_ENUMERATION_TIMEOUT_MS;
  if (enumeration.kind === 'rps') {
    const [next, ...rest] = enumeration.rpIds;
    if (next === undefined) throw new CtapError(CtapStatus.NOT_ALLOWED, 'every RP was enumerated');
    if (rest.length > 0) core.volatile.credentialEnumeration = { kind: 'rps', rpIds: rest, expiresAt };
    return describeRp(next, discoverableCredentials(core.state));
  }
  const [next, ...rest] = enumeration.credentials;
  if (next === undefined) throw new CtapError(CtapStatus.NOT_ALLOWED, 'every credential was enumerated');
  if (rest.length > 0) core.volatile.credentialEnumeration = { kind: 'credentials', credentials: rest, expiresAt };
  return describeCredential(next);
}
