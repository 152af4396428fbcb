import {
  AuthenticatorDataFlags,
  CtapError,
  CtapStatus,
  decodeGetAssertionRequest,
  encodeGetAssertionResponse,
  PinUvAuthTokenPermissions,
  PUBLIC_KEY_CREDENTIAL_TYPE,
  rpIdHash as hashRpId,
} from '@keybridge/ctap';
import { openHmacSecretSession } from '../../extensions/openHmacSecretSession.js';
import { readGetAssertionExtensions } from '../../extensions/readGetAssertionExtensions.js';
import type { StoredCredential } from '../../state/AuthenticatorState.js';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { answerTouchProbe } from '../pinUvAuth/answerTouchProbe.js';
import { requirePinUvAuthProtocol } from '../pinUvAuth/requirePinUvAuthProtocol.js';
import { verifyPinUvAuthParam } from '../pinUvAuth/verifyPinUvAuthParam.js';
import { verifyUserWithUvOption } from '../builtInUv/verifyUserWithUvOption.js';
import { requestUserPresence } from '../userPresence/requestUserPresence.js';
import { credentialProtectionAllows } from './credentialProtectionAllows.js';
import { findCredential } from './findCredential.js';
import { GET_NEXT_ASSERTION_TIMEOUT_MS } from './PendingAssertions.js';
import { signAssertion } from './signAssertion.js';
import { requireCredentialListFits } from '../requireCredentialListFits.js';

/**
 * authenticatorGetAssertion, CTAP 2.1 §6.2.2, step by step. The emulator has clientPin, built-in UV only with
 * --uv, and no display: with several discoverable credentials it answers the newest and leaves the rest to getNextAssertion.
 */
export const handleGetAssertion: Ctap2Handler = async (core, parameters, context) => {
  // A new getAssertion forgets what an earlier one left for getNextAssertion, whatever happens next.
  core.volatile.pendingAssertions = undefined;
  const request = decodeGetAssertionRequest(parameters);
  requireCredentialListFits(core, request.allowList, 'allowList');
  const { rpId, pinUvAuthParam } = request;
  const protectedByUv = core.state.pinHash !== undefined || core.builtInUv !== undefined;

  // 1. A zero-length pinUvAuthParam: "touch to select".
  if (pinUvAuthParam?.length === 0) await answerTouchProbe(core, 'getAssertion', rpId, context);
  // 2. The protocol that goes with pinUvAuthParam.
  const protocol = pinUvAuthParam ? requirePinUvAuthProtocol(request.pinUvAuthProtocol) : undefined;

  // 4. Options: pinUvAuthParam overrides "uv", which only built-in UV can honour; "rk" is not a getAssertion
  // option; "up" defaults to true.
  const options = request.options ?? {};
  const uvOption = pinUvAuthParam ? false : (options.uv ?? false);
  if (uvOption && core.builtInUv === undefined) throw new CtapError(CtapStatus.INVALID_OPTION, 'uv: no built-in user verification');
  if (options.rk !== undefined) throw new CtapError(CtapStatus.UNSUPPORTED_OPTION, 'rk is not a getAssertion option');
  const up = options.up ?? true;

  // 5. alwaysUv: an assertion with user presence needs a pinUvAuthToken or built-in UV.
  if (core.state.alwaysUv && up && (!protectedByUv || (!pinUvAuthParam && !uvOption))) {
    throw new CtapError(CtapStatus.PUAT_REQUIRED, 'alwaysUv is on: a pinUvAuthToken is required');
  }

  // 6. User verification through the pinUvAuthToken or the uv option.
  let userVerified = false;
  if (uvOption) {
    await verifyUserWithUvOption(core);
    userVerified = true;
  } else if (pinUvAuthParam && protocol !== undefined) {
    verifyPinUvAuthParam(core, {
      protocol,
      pinUvAuthParam,
      clientDataHash: request.clientDataHash,
      permission: PinUvAuthTokenPermissions.ga,
      rpId,
    });
    userVerified = true;
  }

  // 7. The applicable credentials: those named in a non-empty allowList, else the RP's discoverable ones, newest
  // first; minus those credProtect hides.
  const rpIdHash = hashRpId(rpId);
  const allowList = request.allowList?.length ? request.allowList : undefined;
  let applicable: StoredCredential[];
  if (allowList) {
    applicable = [];
    for (const descriptor of allowList) {
      if (descriptor.type !== PUBLIC_KEY_CREDENTIAL_TYPE) continue;
      const credential = findCredential(core.state, rpIdHash, descriptor.id);
      if (credential && !applicable.includes(credential)) applicable.push(credential);
    }
  } else {
    applicable = core.state.credentials
      .filter((credential) => credential.discoverable && credential.rpId === rpId)
      .sort((a, b) => b.createdAt - a.createdAt);
  }
  applicable = applicable.filter((credential) => credentialProtectionAllows(credential, userVerified, allowList !== undefined));
  if (applicable.length === 0) throw new CtapError(CtapStatus.NO_CREDENTIALS, `no credential for ${rpId}`);

  // 9. User presence, unless up:false (a silent probe) or the token still carries a fresh touch; then the
  // token's flags and mc/ga permissions are spent.
  if (up) {
    // Built-in UV through the uv option is evidence of user interaction, as a token's fresh touch is.
    const tokenUserPresent = uvOption || (pinUvAuthParam !== undefined && core.volatile.pinToken.userPresentFlag);
    if (!tokenUserPresent) await requestUserPresence(core, { purpose: 'getAssertion', rpId }, context);
    core.volatile.pinToken.consume();
  }

  // 10. Extensions: hmac-secret's salts are opened once and serve every credential.
  const extensions = readGetAssertionExtensions(request.extensions);
  const hmacSecret = extensions.hmacSecret ? openHmacSecretSession(core, extensions.hmacSecret) : undefined;

  // 11-12. With an allowList: one assertion, by its first applicable credential. Without: the newest, and
  // numberOfCredentials plus getNextAssertion state when there are more.
  const flags = (up ? AuthenticatorDataFlags.UP : 0) | (userVerified ? AuthenticatorDataFlags.UV : 0);
  const [selected, ...rest] = applicable as [StoredCredential, ...StoredCredential[]];
  const several = !allowList && rest.length > 0;
  if (several) {
    core.volatile.pendingAssertions = {
      rpIdHash,
      clientDataHash: request.clientDataHash,
      remainingCredentialIds: rest.map((credential) => credential.id),
      flags,
      userVerified,
      extensions,
      hmacSecret,
      expiresAt: core.now() + GET_NEXT_ASSERTION_TIMEOUT_MS,
    };
  }
  const response = await signAssertion(core, selected, {
    rpIdHash,
    clientDataHash: request.clientDataHash,
    flags,
    userVerified,
    extensions,
    hmacSecret,
    userDetails: userVerified && several,
    numberOfCredentials: several ? applicable.length : undefined,
  });
  return encodeGetAssertionResponse(response);
};
