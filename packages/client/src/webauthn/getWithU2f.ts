import { encodeAuthenticatorData, rpIdHash } from '@keybridge/ctap';
import type { Ctap1Session } from '../ctap1/Ctap1Session.js';
import { CtapClientError } from '../CtapClientError.js';
import type { CeremonyContext, MadeAssertion } from './CeremonyContext.js';
import type { GetRequest } from './getWithCtap2.js';
import { findU2fKeyHandle } from './findU2fKeyHandle.js';
import type { AuthenticationExtensionsClientOutputs } from './WebAuthnJson.js';

/**
 * get() on a U2F-only key: the first allowCredentials key handle the key recognises for SHA-256(rpId) (or,
 * with appid, for SHA-256(appid)) is AUTHENTICATEd with challenge = clientDataHash, after a touch. Its
 * signature covers application || presence || counter || clientDataHash, which is exactly authenticatorData
 * (rpIdHash, flags = the presence byte, signCount) || clientDataHash, so the assertion verifies as WebAuthn's.
 * No allowCredentials (U2F has no discoverable credentials) or none recognised is NO_CREDENTIALS;
 * userVerification required is UNSUPPORTED.
 */
export async function getWithU2f(session: Ctap1Session, request: GetRequest, context: CeremonyContext): Promise<MadeAssertion> {
  if (request.userVerification === 'required') throw new CtapClientError('UNSUPPORTED', 'the RP requires user verification and a U2F key cannot verify users');
  if (!request.allowCredentialsGiven) {
    throw new CtapClientError('NO_CREDENTIALS', `a U2F key keeps no discoverable credentials: ${context.rpId} must name the credential`);
  }
  let application = rpIdHash(context.rpId);
  let keyHandle = await findU2fKeyHandle(session, application, request.allowList, context.signal);
  let appidUsed = false;
  if (!keyHandle && request.appid !== undefined) {
    application = rpIdHash(request.appid);
    keyHandle = await findU2fKeyHandle(session, application, request.allowList, context.signal);
    appidUsed = keyHandle !== undefined;
  }
  if (!keyHandle) throw new CtapClientError('NO_CREDENTIALS', `the key holds none of the credentials asked for by ${context.rpId}`);

  const assertion = await session.authenticate(context.clientDataHash, application, keyHandle, {}, context.touch);
  const clientExtensionResults: AuthenticationExtensionsClientOutputs = {};
  if (request.appid !== undefined) clientExtensionResults.appid = appidUsed;
  if (request.extensions.prf) clientExtensionResults.prf = {};
  return {
    credentialId: keyHandle,
    authenticatorData: encodeAuthenticatorData({ rpIdHash: application, flags: assertion.userPresence, signCount: assertion.counter }),
    signature: assertion.signature,
    clientExtensionResults,
  };
}
