import {
  Ctap2Command,
  encodeCtap2Request,
  encodeMakeCredentialRequest,
  PinUvAuthTokenPermissions,
  type PublicKeyCredentialDescriptor,
  type PublicKeyCredentialRpEntity,
  type PublicKeyCredentialUserEntity,
} from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { Ctap2Session } from '../ctap2/Ctap2Session.js';
import type { MakeCredentialInput } from '../ctap2/MakeCredentialInput.js';
import type { CeremonyContext, MadeCredential } from './CeremonyContext.js';
import { choosePubKeyCredParams } from './choosePubKeyCredParams.js';
import { chooseUserVerification } from './chooseUserVerification.js';
import { credentialListFits } from './credentialListFits.js';
import { findCredentialInBatches } from './findCredentialInBatches.js';
import type {
  AuthenticationExtensionsClientInputs,
  AuthenticationExtensionsClientOutputs,
  PublicKeyCredentialParametersJSON,
  ResidentKeyRequirement,
  UserVerificationRequirement,
} from './WebAuthnJson.js';

/** A create() request, checked and decoded. */
export interface CreateRequest {
  rp: PublicKeyCredentialRpEntity;
  user: PublicKeyCredentialUserEntity;
  pubKeyCredParams: readonly PublicKeyCredentialParametersJSON[];
  excludeList: readonly PublicKeyCredentialDescriptor[];
  residentKey: ResidentKeyRequirement;
  userVerification: UserVerificationRequirement;
  extensions: AuthenticationExtensionsClientInputs;
}

/**
 * create() on a CTAP2 key: algorithms the key has, rk as asked ("preferred": when the key can store one and a
 * PIN it may demand is at hand), user verification as chooseUserVerification decides, excludeCredentials in one
 * request or, when longer than the key takes (count or message size), found by silent batches first; hmac-secret for prf /
 * hmacCreateSecret when the key has it.
 */
export async function createWithCtap2(session: Ctap2Session, request: CreateRequest, context: CeremonyContext): Promise<MadeCredential> {
  const info = session.info;
  const options = info.options ?? {};
  const pubKeyCredParams = choosePubKeyCredParams(request.pubKeyCredParams, info.algorithms);
  const pinSet = options.clientPin === true;
  const pinAtHand = context.pinSource.pin !== undefined || context.pinSource.getPin !== undefined || options.uv === true;
  const rkPossible = options.rk === true && (info.remainingDiscoverableCredentials ?? 1) > 0;
  let rk: boolean;
  if (request.residentKey === 'required') {
    if (!rkPossible) throw new CtapClientError('UNSUPPORTED', 'the RP requires a discoverable credential and the key cannot store one');
    rk = true;
  } else {
    rk = request.residentKey === 'preferred' && rkPossible && (!pinSet || pinAtHand);
  }

  const maxIdLength = info.maxCredentialIdLength ?? Number.POSITIVE_INFINITY;
  const usable = request.excludeList.filter((descriptor) => descriptor.id.length <= maxIdLength);
  let excludeList: PublicKeyCredentialDescriptor[] | undefined = usable.length > 0 ? usable : undefined;
  const withList = { clientDataHash: context.clientDataHash, rp: request.rp, user: request.user, pubKeyCredParams, excludeList, options: { rk } };
  const requestSize = encodeCtap2Request(Ctap2Command.makeCredential, encodeMakeCredentialRequest(withList)).length;
  if (excludeList && !credentialListFits(info, excludeList.length, requestSize)) {
    const found = await findCredentialInBatches(session, context.rpId, excludeList, context.signal);
    excludeList = found ? [found] : undefined;
  }

  const userVerification = await chooseUserVerification(session, {
    requirement: request.userVerification,
    // A key protected by a PIN or built-in UV wants UV for rk (and for every credential without makeCredUvNotRqd).
    deviceDemands: options.alwaysUv === true || ((pinSet || options.uv === true) && (rk || options.makeCredUvNotRqd !== true)),
    rpId: context.rpId,
    permissions: PinUvAuthTokenPermissions.mc,
    source: context.pinSource,
    signal: context.signal,
  });

  const wantsHmacSecret = request.extensions.prf !== undefined || request.extensions.hmacCreateSecret === true;
  const hasHmacSecret = info.extensions?.includes('hmac-secret') === true;
  const input: MakeCredentialInput = {
    clientDataHash: context.clientDataHash,
    rp: request.rp,
    user: request.user,
    pubKeyCredParams,
  };
  if (excludeList) input.excludeList = excludeList;
  if (rk || userVerification.builtInUv) input.options = { ...(rk ? { rk: true } : {}), ...(userVerification.builtInUv ? { uv: true } : {}) };
  if (userVerification.pinUvAuthToken) input.pinUvAuthToken = userVerification.pinUvAuthToken;
  if (wantsHmacSecret && hasHmacSecret) input.extensions = { hmacSecret: true };

  const made = await session.makeCredential(input, context.touch);
  const hmacSecretMade = made.extensions.hmacSecret === true;
  const clientExtensionResults: AuthenticationExtensionsClientOutputs = {};
  if (request.extensions.credProps) clientExtensionResults.credProps = { rk };
  if (request.extensions.hmacCreateSecret) clientExtensionResults.hmacCreateSecret = hmacSecretMade;
  if (request.extensions.prf) clientExtensionResults.prf = { enabled: hmacSecretMade };
  return {
    credentialId: made.credentialId,
    authenticatorData: made.authData,
    fmt: made.fmt,
    attStmt: made.attStmt,
    credentialPublicKey: made.credentialPublicKey,
    clientExtensionResults,
  };
}
