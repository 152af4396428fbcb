import {
  Ctap2Command,
  encodeCtap2Request,
  encodeGetAssertionRequest,
  PinUvAuthTokenPermissions,
  type PublicKeyCredentialDescriptor,
} from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { Ctap2Session } from '../ctap2/Ctap2Session.js';
import type { GetAssertionInput, HmacSecretSalts } from '../ctap2/GetAssertionInput.js';
import type { AccountChoice, CeremonyContext, MadeAssertion } from './CeremonyContext.js';
import { chooseUserVerification } from './chooseUserVerification.js';
import { credentialListFits } from './credentialListFits.js';
import { encodeBase64Url } from './encodeBase64Url.js';
import { findCredentialInBatches } from './findCredentialInBatches.js';
import { prfSalt } from './prfSalt.js';
import type {
  AuthenticationExtensionsClientInputs,
  AuthenticationExtensionsClientOutputs,
  AuthenticationExtensionsPRFValues,
  UserVerificationRequirement,
} from './WebAuthnJson.js';

/** A get() request, checked and decoded. */
export interface GetRequest {
  /** Empty: discoverable credentials. */
  allowList: readonly PublicKeyCredentialDescriptor[];
  /** The RP named credentials (allowCredentials not empty), even if none of them is usable. */
  allowCredentialsGiven: boolean;
  userVerification: UserVerificationRequirement;
  extensions: AuthenticationExtensionsClientInputs;
  /** The appid extension's value, already checked against the origin. */
  appid?: string;
  selectAccount?: (accounts: AccountChoice[]) => number | Promise<number>;
}

function noCredentials(rpId: string): CtapClientError {
  return new CtapClientError('NO_CREDENTIALS', `the key holds none of the credentials asked for by ${rpId}`);
}

function hmacSecretSalts(values: AuthenticationExtensionsPRFValues): HmacSecretSalts {
  const salts: HmacSecretSalts = { salt1: prfSalt(values.first, 'prf first') };
  if (values.second !== undefined) salts.salt2 = prfSalt(values.second, 'prf second');
  return salts;
}

/**
 * get() on a CTAP2 key. The allow list goes in one request when it fits the key (maxCredentialCountInList,
 * maxMsgSize); else (and with appid or prf evalByCredential, which need to know the credential first) the
 * credential is found by silent batches and asked for alone. appid: credentials not found under the RP ID are looked for
 * under the AppID, whose hash a U2F registration used. Several discoverable credentials: `selectAccount`
 * chooses (default: the first the key answered, its most recent).
 */
export async function getWithCtap2(session: Ctap2Session, request: GetRequest, context: CeremonyContext): Promise<MadeAssertion> {
  const info = session.info;
  const maxIdLength = info.maxCredentialIdLength ?? Number.POSITIVE_INFINITY;
  let allowList = request.allowList.filter((descriptor) => descriptor.id.length <= maxIdLength);
  // Named credentials none of which this key can have made: not a discoverable request.
  if (request.allowCredentialsGiven && allowList.length === 0) throw noCredentials(context.rpId);
  const prf = request.extensions.prf;
  const byCredential = Object.keys(prf?.evalByCredential ?? {}).length > 0;

  let rpId = context.rpId;
  let appidUsed = false;
  const withList = { rpId, clientDataHash: context.clientDataHash, allowList };
  const requestSize = encodeCtap2Request(Ctap2Command.getAssertion, encodeGetAssertionRequest(withList)).length;
  const tooLong = !credentialListFits(info, allowList.length, requestSize);
  if (allowList.length > 0 && (tooLong || request.appid !== undefined || byCredential)) {
    let found = await findCredentialInBatches(session, rpId, allowList, context.signal);
    if (!found && request.appid !== undefined) {
      found = await findCredentialInBatches(session, request.appid, allowList, context.signal);
      if (found) {
        rpId = request.appid;
        appidUsed = true;
      }
    }
    if (!found) throw noCredentials(context.rpId);
    allowList = [found];
  }

  const userVerification = await chooseUserVerification(session, {
    requirement: request.userVerification,
    deviceDemands: info.options?.alwaysUv === true,
    rpId,
    permissions: PinUvAuthTokenPermissions.ga,
    source: context.pinSource,
    signal: context.signal,
  });

  const input: GetAssertionInput = { rpId, clientDataHash: context.clientDataHash };
  if (allowList.length > 0) input.allowList = allowList;
  if (userVerification.builtInUv) input.options = { uv: true };
  if (userVerification.pinUvAuthToken) input.pinUvAuthToken = userVerification.pinUvAuthToken;
  const prfValues = (allowList.length === 1 ? prf?.evalByCredential?.[encodeBase64Url(allowList[0]!.id)] : undefined) ?? prf?.eval;
  const hasHmacSecret = info.extensions?.includes('hmac-secret') === true;
  if (prfValues && hasHmacSecret) input.extensions = { hmacSecret: hmacSecretSalts(prfValues) };

  const assertions = await session.getAssertion(input, context.touch);
  let index = 0;
  if (assertions.length > 1 && request.selectAccount) {
    const accounts = assertions.map((assertion): AccountChoice => ({ credentialId: assertion.credential.id, ...(assertion.user ? { user: assertion.user } : {}) }));
    index = await request.selectAccount(accounts);
    if (!Number.isInteger(index) || index < 0 || index >= assertions.length) {
      throw new CtapClientError('BAD_REQUEST', `selectAccount chose ${index} of ${assertions.length} accounts`);
    }
  }
  const assertion = assertions[index]!;

  const clientExtensionResults: AuthenticationExtensionsClientOutputs = {};
  if (request.appid !== undefined) clientExtensionResults.appid = appidUsed;
  const output = assertion.extensions.hmacSecret;
  if (prf) clientExtensionResults.prf = output ? { results: { first: output.output1, ...(output.output2 ? { second: output.output2 } : {}) } } : {};
  const made: MadeAssertion = {
    credentialId: assertion.credential.id,
    authenticatorData: assertion.authData,
    signature: assertion.signature,
    clientExtensionResults,
  };
  if (assertion.user) made.userHandle = assertion.user.id;
  return made;
}
