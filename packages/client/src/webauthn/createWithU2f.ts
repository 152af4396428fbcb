import { AuthenticatorDataFlags, encodeAuthenticatorData, rpIdHash, type CborValue } from '@keybridge/ctap';
import type { Ctap1Session } from '../ctap1/Ctap1Session.js';
import { CtapClientError } from '../CtapClientError.js';
import type { CeremonyContext, MadeCredential } from './CeremonyContext.js';
import { choosePubKeyCredParams } from './choosePubKeyCredParams.js';
import { coseKeyFromU2fPublicKey } from './coseKeyFromU2fPublicKey.js';
import type { CreateRequest } from './createWithCtap2.js';
import { findU2fKeyHandle } from './findU2fKeyHandle.js';
import type { AuthenticationExtensionsClientOutputs } from './WebAuthnJson.js';

/**
 * create() on a U2F-only key, as browsers do it (WebAuthn §8.6 fido-u2f): REGISTER with application =
 * SHA-256(rpId) and challenge = clientDataHash, then the authenticatorData (AAGUID zero, counter 0) and a
 * fido-u2f statement {sig, x5c} around it. U2F has ES256 only, no discoverable credentials and no user
 * verification: asking for them as required is UNSUPPORTED. An excluded key handle the key recognises costs a
 * touch (so it cannot be probed silently) and ends with CREDENTIAL_EXCLUDED.
 */
export async function createWithU2f(session: Ctap1Session, request: CreateRequest, context: CeremonyContext): Promise<MadeCredential> {
  if (request.userVerification === 'required') throw new CtapClientError('UNSUPPORTED', 'the RP requires user verification and a U2F key cannot verify users');
  if (request.residentKey === 'required') throw new CtapClientError('UNSUPPORTED', 'the RP requires a discoverable credential and a U2F key cannot store one');
  choosePubKeyCredParams(request.pubKeyCredParams, [{ type: 'public-key', alg: -7 }]);
  const application = rpIdHash(context.rpId);

  const excluded = await findU2fKeyHandle(session, application, request.excludeList, context.signal);
  if (excluded) {
    try {
      await session.authenticate(new Uint8Array(32), application, excluded, {}, context.touch);
    } catch (error) {
      if (error instanceof CtapClientError && error.code === 'CANCELLED') throw error;
    }
    throw new CtapClientError('CREDENTIAL_EXCLUDED', `the key already holds a credential of excludeCredentials for ${context.rpId}`);
  }

  const registration = await session.register(context.clientDataHash, application, context.touch);
  const credentialPublicKey = coseKeyFromU2fPublicKey(registration.userPublicKey);
  const authenticatorData = encodeAuthenticatorData({
    rpIdHash: application,
    flags: AuthenticatorDataFlags.UP,
    signCount: 0,
    attestedCredentialData: { aaguid: new Uint8Array(16), credentialId: registration.keyHandle, credentialPublicKey },
  });
  const clientExtensionResults: AuthenticationExtensionsClientOutputs = {};
  if (request.extensions.credProps) clientExtensionResults.credProps = { rk: false };
  if (request.extensions.hmacCreateSecret) clientExtensionResults.hmacCreateSecret = false;
  if (request.extensions.prf) clientExtensionResults.prf = { enabled: false };
  return {
    credentialId: registration.keyHandle,
    authenticatorData,
    fmt: 'fido-u2f',
    attStmt: new Map<string, CborValue>([
      ['sig', registration.signature],
      ['x5c', [registration.attestationCertificate]],
    ]),
    credentialPublicKey,
    clientExtensionResults,
  };
}
