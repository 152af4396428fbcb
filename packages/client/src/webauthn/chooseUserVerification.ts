import { CtapClientError } from '../CtapClientError.js';
import type { Ctap2Session } from '../ctap2/Ctap2Session.js';
import type { PinUvAuthToken } from '../ctap2/PinUvAuthToken.js';
import { obtainPinUvAuthToken, type PinSource } from './obtainPinUvAuthToken.js';
import type { UserVerificationRequirement } from './WebAuthnJson.js';

/** How a request verifies the user: with a pinUvAuthToken, with the key's own UV (uv option), or not at all. */
export interface UserVerification {
  pinUvAuthToken?: PinUvAuthToken;
  builtInUv?: boolean;
}

export interface UserVerificationRequest {
  requirement: UserVerificationRequirement;
  /** The device refuses the request without UV (a PIN is set and the credential is discoverable, alwaysUv…). */
  deviceDemands: boolean;
  rpId: string;
  /** PinUvAuthTokenPermissions: mc for create, ga for get. */
  permissions: number;
  source: PinSource;
  signal: AbortSignal | undefined;
}

/**
 * Decides and obtains the user verification of a CTAP2 request, as a browser does. UV is wanted when the RP
 * requires it, when it prefers it and the key can do it (a PIN is set, or built-in UV), or when the device
 * demands it. Built-in UV (getInfo uv: true) goes first, as browsers prefer it: a token by UV when the key issues
 * them (pinUvAuthToken), else the uv option; the PIN gives a token when there is no UV or UV gave up.
 * Required but impossible: PIN_REQUIRED (a PIN is set and none was given; or the key could have a PIN but
 * has none set yet), UNSUPPORTED (the key cannot verify users at all). Preferred but impossible: no UV.
 */
export async function chooseUserVerification(session: Ctap2Session, request: UserVerificationRequest): Promise<UserVerification> {
  const options = session.info.options ?? {};
  const pinSet = options.clientPin === true;
  const builtInUv = options.uv === true;
  const mandatory = request.requirement === 'required' || request.deviceDemands;
  const wanted = mandatory || (request.requirement === 'preferred' && (pinSet || builtInUv));
  if (!wanted) return {};
  // A CTAP 2.0 key with built-in UV verifies through the uv option; a 2.1 one issues tokens by UV (obtainPinUvAuthToken).
  if (builtInUv && !session.clientPin.hasBuiltInUv) return { builtInUv: true };
  if (pinSet || builtInUv) {
    const token = await obtainPinUvAuthToken(session, request.source, { permissions: request.permissions, rpId: request.rpId }, request.signal);
    if (token) return { pinUvAuthToken: token };
    if (mandatory) throw new CtapClientError('PIN_REQUIRED', `the request needs user verification: give the PIN of the key for ${request.rpId}`);
    return {};
  }
  if (!mandatory) return {};
  if (options.clientPin === false) throw new CtapClientError('PIN_REQUIRED', 'the request needs user verification and the key has no PIN yet: set one first');
  throw new CtapClientError('UNSUPPORTED', 'the request needs user verification and the key can verify no user');
}
