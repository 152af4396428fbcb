import { randomBytes } from 'node:crypto';
import {
  AuthenticatorDataFlags,
  coseKeyFromPublicKey,
  CredentialProtectionPolicy,
  CtapError,
  CtapStatus,
  decodeMakeCredentialRequest,
  encodeAuthenticatorData,
  encodeMakeCredentialResponse,
  PinUvAuthTokenPermissions,
  PUBLIC_KEY_CREDENTIAL_TYPE,
  rpIdHash as hashRpId,
} from '@keybridge/ctap';
import { createAttestationStatement } from '../../attestation/statements/createAttestationStatement.js';
import { applyMakeCredentialExtensions } from '../../extensions/applyMakeCredentialExtensions.js';
import { readMakeCredentialExtensions } from '../../extensions/readMakeCredentialExtensions.js';
import type { StoredCredential } from '../../state/AuthenticatorState.js';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { findCredential } from '../getAssertion/findCredential.js';
import { answerTouchProbe } from '../pinUvAuth/answerTouchProbe.js';
import { requirePinUvAuthProtocol } from '../pinUvAuth/requirePinUvAuthProtocol.js';
import { verifyPinUvAuthParam } from '../pinUvAuth/verifyPinUvAuthParam.js';
import { verifyUserWithUvOption } from '../builtInUv/verifyUserWithUvOption.js';
import { requestUserPresence } from '../userPresence/requestUserPresence.js';
import { chooseAlgorithm } from './chooseAlgorithm.js';
import { generateCredentialKey } from './generateCredentialKey.js';
import { storeCredential } from './storeCredential.js';
import { requireCredentialListFits } from '../requireCredentialListFits.js';

/** Random credential ids of this length (capped by maxCredentialIdLength): opaque handles, as on real keys. */
const CREDENTIAL_ID_LENGTH = 48;

/**
 * authenticatorMakeCredential, CTAP 2.1 §6.1.2, step by step. The emulator has clientPin, built-in UV only with
 * --uv, advertises makeCredUvNotRqd, and is "protected by some form of user verification" when a PIN is set or
 * it has built-in UV.
 */
export const handleMakeCredential: Ctap2Handler = async (core, parameters, context) => {
  const request = decodeMakeCredentialRequest(parameters);
  requireCredentialListFits(core, request.excludeList, 'excludeList');
  const rpId = request.rp.id;
  const { pinUvAuthParam } = request;
  const protectedByUv = core.state.pinHash !== undefined || core.builtInUv !== undefined;

  // 1. A zero-length pinUvAuthParam: "touch to select".
  if (pinUvAuthParam?.length === 0) await answerTouchProbe(core, 'makeCredential', rpId, context);
  // 2. The protocol that goes with pinUvAuthParam.
  const protocol = pinUvAuthParam ? requirePinUvAuthProtocol(request.pinUvAuthProtocol) : undefined;
  // 3. The first algorithm of the RP's list that we offer.
  const algorithm = chooseAlgorithm(request.pubKeyCredParams, core.config.algorithms);

  // 5. Options. pinUvAuthParam overrides "uv"; without built-in UV, uv:true cannot be honoured.
  const options = request.options ?? {};
  const uvOption = pinUvAuthParam ? false : (options.uv ?? false);
  if (uvOption && core.builtInUv === undefined) throw new CtapError(CtapStatus.INVALID_OPTION, 'uv: no built-in user verification');
  const rk = options.rk ?? false;
  if (options.up === false) throw new CtapError(CtapStatus.INVALID_OPTION, 'up:false is not allowed in makeCredential');

  // 6. alwaysUv: some UV is required: a pinUvAuthToken, or built-in UV through the uv option.
  if (core.state.alwaysUv && (!protectedByUv || (!pinUvAuthParam && !uvOption))) {
    throw new CtapError(CtapStatus.PUAT_REQUIRED, 'alwaysUv is on: a pinUvAuthToken is required');
  }
  // 7. makeCredUvNotRqd: only discoverable credentials need UV when the key is protected by some.
  if (protectedByUv && !pinUvAuthParam && !uvOption && rk) {
    throw new CtapError(CtapStatus.PUAT_REQUIRED, 'a discoverable credential needs a pinUvAuthToken once a PIN is set');
  }
  // 9. No enterprise attestation here.
  if (request.enterpriseAttestation !== undefined) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'enterprise attestation is not supported');

  // 10-11. User verification through the pinUvAuthToken or the uv option (step 10 skips this when nothing asks for UV).
  let userVerified = false;
  if (uvOption) {
    await verifyUserWithUvOption(core);
    userVerified = true;
  } else if (pinUvAuthParam && protocol !== undefined) {
    verifyPinUvAuthParam(core, {
      protocol,
      pinUvAuthParam,
      clientDataHash: request.clientDataHash,
      permission: PinUvAuthTokenPermissions.mc,
      rpId,
    });
    userVerified = true;
  }
  const pinToken = core.volatile.pinToken;
  // With a pinUvAuthParam, a token still carrying its user-present flag stands for the touch; so does built-in UV
  // through the uv option (step 13: evidence of user interaction).
  const tokenUserPresent = uvOption || (pinUvAuthParam !== undefined && pinToken.userPresentFlag);

  // 12. excludeList: a credential of ours for this RP ends the request, after a touch so it cannot be probed silently.
  const rpIdHash = hashRpId(rpId);
  for (const descriptor of request.excludeList ?? []) {
    if (descriptor.type !== PUBLIC_KEY_CREDENTIAL_TYPE) continue;
    const excluded = findCredential(core.state, rpIdHash, descriptor.id);
    if (!excluded) continue;
    // A credProtect level 3 credential stays invisible without UV: skip it.
    if (excluded.credProtect === CredentialProtectionPolicy.userVerificationRequired && !userVerified) continue;
    if (!tokenUserPresent) {
      try {
        await requestUserPresence(core, { purpose: 'makeCredential', rpId }, context);
      } catch (error) {
        // "Regardless of whether user presence is obtained or the authenticator times out"; a cancel stays a cancel.
        if (error instanceof CtapError && error.status === CtapStatus.KEEPALIVE_CANCEL) throw error;
      }
    }
    throw new CtapError(CtapStatus.CREDENTIAL_EXCLUDED, 'a credential in excludeList exists on this authenticator');
  }

  // 14. User presence, always required for makeCredential; then the token's flags and mc/ga permissions are spent.
  if (!tokenUserPresent) await requestUserPresence(core, { purpose: 'makeCredential', rpId }, context);
  pinToken.consume();

  // 15. Extensions.
  const extensions = applyMakeCredentialExtensions(core, readMakeCredentialExtensions(request.extensions), rpId);

  // 16-17. The key pair and the credential.
  const { privateKey, privateKeyPkcs8 } = generateCredentialKey(algorithm);
  const credential: StoredCredential = {
    id: new Uint8Array(randomBytes(Math.min(CREDENTIAL_ID_LENGTH, core.config.maxCredentialIdLength))),
    rpIdHash,
    rpId,
    algorithm,
    privateKeyPkcs8,
    discoverable: rk,
    ...extensions.credential,
    // The counter starts at 0: makeCredential's authData carries 0, the first assertion 1.
    signCount: 0,
    createdAt: ++core.state.creationCounter,
  };
  if (request.rp.name !== undefined) credential.rpName = request.rp.name;
  // Only discoverable credentials keep the user: the others never return it, as on real keys.
  if (rk) credential.user = { ...request.user, id: Uint8Array.from(request.user.id) };
  await storeCredential(core, credential);

  // 18. authData and attestation.
  const flags = AuthenticatorDataFlags.UP | (userVerified ? AuthenticatorDataFlags.UV : 0);
  const authData = encodeAuthenticatorData({
    rpIdHash,
    flags,
    signCount: credential.signCount,
    attestedCredentialData: { aaguid: core.config.aaguid, credentialId: credential.id, credentialPublicKey: coseKeyFromPublicKey(privateKey, algorithm) },
    extensions: extensions.outputs,
  });
  const { fmt, attStmt } = createAttestationStatement({
    mode: core.config.attestation,
    material: core.config.attestationMaterial,
    authData,
    clientDataHash: request.clientDataHash,
    credentialKey: privateKey,
    algorithm,
  });
  return encodeMakeCredentialResponse({ fmt, authData, attStmt });
};
