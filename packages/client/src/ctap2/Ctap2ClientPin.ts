import {
  ClientPinSubcommand,
  Ctap2Command,
  CtapError,
  CtapStatus,
  decodeClientPinResponse,
  decryptPinUvAuthToken,
  encodeClientPinRequest,
  makeChangePinRequest,
  makePinTokenRequest,
  makeSetPinRequest,
  makeUvTokenRequest,
  padPin,
  PinUvAuthTokenPermissions,
  type ClientPinRequest,
  type CoseKey,
  type PinUvAuthProtocol,
} from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapRequestOptions } from '../hid/CtapDevice.js';
import type { Ctap2Connection } from './Ctap2Connection.js';
import { PinUvAuthToken } from './PinUvAuthToken.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';
import { requestKeyAgreement } from './requestKeyAgreement.js';

/** getPINRetries' answer. */
export interface PinRetries {
  /** Wrong PINs the device still accepts before PIN_BLOCKED (only reset helps then). */
  pinRetries: number;
  /** True when three wrong PINs in a row block PIN entry until the device is unplugged (PIN_AUTH_BLOCKED). */
  powerCycleState?: boolean;
}

/** What a pinUvAuthToken is asked for (CTAP 2.1 getPinUvAuthTokenUsingPinWithPermissions). */
export interface PinUvAuthTokenScope {
  /**
   * PinUvAuthTokenPermissions bits. CTAP 2.0 devices (legacy getPinToken) ignore them: their tokens can do what
   * a 2.0 token does (makeCredential, getAssertion, and credential management where the device has it).
   */
  permissions: number;
  /** The permissions RP ID: required with mc or ga, optional with cm, ignored by the other permissions. */
  rpId?: string;
}

/** Statuses after which built-in UV gave up and the PIN may take over. */
const FALL_BACK_TO_PIN_ON: ReadonlySet<number> = new Set([CtapStatus.UV_INVALID, CtapStatus.UV_BLOCKED, CtapStatus.OPERATION_DENIED]);

/** The most built-in UV tries one request makes, whatever a (faulty) key's preferredPlatformUvAttempts says. */
const MAX_UV_ATTEMPTS = 10;

/** CTAP 2.1 requires an rpId with the mc and ga permissions: asking without one is BAD_REQUEST, before the device is bothered. */
function requireRpIdForMcGa(scope: PinUvAuthTokenScope): void {
  if ((scope.permissions & (PinUvAuthTokenPermissions.mc | PinUvAuthTokenPermissions.ga)) !== 0 && scope.rpId === undefined) {
    throw new CtapClientError('BAD_REQUEST', 'a pinUvAuthToken with the mc or ga permission needs an rpId');
  }
}

/** What trying the key's built-in UV gave: a token, or the status of the last failed try (UV_INVALID, UV_BLOCKED…). */
export type BuiltInUvOutcome = { token: PinUvAuthToken; failure?: undefined } | { token?: undefined; failure: CtapError };

/**
 * authenticatorClientPIN from the platform side, with the PIN/UV auth protocol the device prefers (or the one
 * the session was opened with). Get it as `session.clientPin`. PINs are checked locally against the CTAP
 * length rules first (CtapError PIN_POLICY_VIOLATION); every other failure is the device's status.
 */
export class Ctap2ClientPin {
  constructor(private readonly connection: Ctap2Connection) {}

  /** The protocol used for PIN operations with this device. */
  get protocol(): PinUvAuthProtocol {
    return this.connection.pinUvAuthProtocol();
  }

  getPinRetries(options?: CtapRequestOptions): Promise<PinRetries> {
    return this.connection.exclusive(async () => {
      const body = await this.send({ pinUvAuthProtocol: this.protocol.version, subCommand: ClientPinSubcommand.getPINRetries }, options, 'getPINRetries');
      const response = readDeviceAnswer('clientPIN getPINRetries response', () => decodeClientPinResponse(body));
      if (response.pinRetries === undefined) throw new CtapClientError('PROTOCOL_ERROR', 'getPINRetries response without pinRetries');
      const retries: PinRetries = { pinRetries: response.pinRetries };
      if (response.powerCycleState !== undefined) retries.powerCycleState = response.powerCycleState;
      return retries;
    });
  }

  /** The device's current key agreement key (COSE, alg -25). */
  getKeyAgreement(options?: CtapRequestOptions): Promise<CoseKey> {
    return this.connection.exclusive(() => requestKeyAgreement(this.connection, this.protocol, options));
  }

  /** setPIN: only when no PIN is set yet (the device answers NOT_ALLOWED otherwise). */
  async setPin(newPin: string, options?: CtapRequestOptions): Promise<void> {
    padPin(newPin);
    return this.connection.exclusive(async () => {
      const protocol = this.protocol;
      const key = await requestKeyAgreement(this.connection, protocol, options);
      const request = readDeviceAnswer('key agreement key', () => makeSetPinRequest(protocol, key, newPin));
      await this.send(request, options, 'setPIN');
      await this.connection.refreshInfo(options);
    });
  }

  /** changePIN: costs a retry when `currentPin` is wrong, like any PIN check. */
  async changePin(currentPin: string, newPin: string, options?: CtapRequestOptions): Promise<void> {
    padPin(newPin);
    return this.connection.exclusive(async () => {
      const protocol = this.protocol;
      const key = await requestKeyAgreement(this.connection, protocol, options);
      const request = readDeviceAnswer('key agreement key', () => makeChangePinRequest(protocol, key, currentPin, newPin));
      await this.send(request, options, 'changePIN');
      await this.connection.refreshInfo(options);
    });
  }

  /**
   * A pinUvAuthToken for `pin`. A device with the `pinUvAuthToken` option gets
   * getPinUvAuthTokenUsingPinWithPermissions (0x09) with the permissions and rpId; an older one (CTAP 2.0, solo)
   * gets getPinToken (0x05), which takes neither. mc or ga without an rpId is BAD_REQUEST (CTAP 2.1 requires it).
   * A wrong PIN is PIN_INVALID, the third in a row PIN_AUTH_BLOCKED, the last retry PIN_BLOCKED.
   */
  async getPinUvAuthToken(pin: string, scope: PinUvAuthTokenScope, options?: CtapRequestOptions): Promise<PinUvAuthToken> {
    requireRpIdForMcGa(scope);
    return this.connection.exclusive(async () => {
      const protocol = this.protocol;
      const withPermissions = this.connection.info.options?.pinUvAuthToken === true;
      const permissions = withPermissions ? scope.permissions : undefined;
      const rpId = withPermissions ? scope.rpId : undefined;
      const key = await requestKeyAgreement(this.connection, protocol, options);
      const { request, sharedSecret } = readDeviceAnswer('key agreement key', () =>
        makePinTokenRequest(protocol, key, pin, { ...(permissions === undefined ? {} : { permissions }), ...(rpId === undefined ? {} : { rpId }) }),
      );
      const body = await this.send(request, options, withPermissions ? 'getPinUvAuthTokenUsingPinWithPermissions' : 'getPinToken');
      const token = readDeviceAnswer('pinUvAuthToken', () => decryptPinUvAuthToken(protocol, sharedSecret, decodeClientPinResponse(body)));
      return new PinUvAuthToken(protocol, token, permissions, rpId);
    });
  }

  /**
   * True when the key issues pinUvAuthTokens by its built-in user verification (a fingerprint, say): getInfo has
   * both uv and pinUvAuthToken (CTAP 2.1 §6.5.5.7.3 makes getPinUvAuthTokenUsingUvWithPermissions mandatory then).
   */
  get hasBuiltInUv(): boolean {
    const options = this.connection.info.options;
    return options?.uv === true && options.pinUvAuthToken === true;
  }

  /** getUVRetries (0x07): built-in UV attempts left before the key wants the PIN. */
  getUvRetries(options?: CtapRequestOptions): Promise<number> {
    return this.connection.exclusive(async () => {
      const body = await this.send({ pinUvAuthProtocol: this.protocol.version, subCommand: ClientPinSubcommand.getUVRetries }, options, 'getUVRetries');
      const response = readDeviceAnswer('clientPIN getUVRetries response', () => decodeClientPinResponse(body));
      if (response.uvRetries === undefined) throw new CtapClientError('PROTOCOL_ERROR', 'getUVRetries response without uvRetries');
      return response.uvRetries;
    });
  }

  /**
   * One try of getPinUvAuthTokenUsingUvWithPermissions (0x06): the key asks for a finger itself. A finger that does
   * not match is the device's UV_INVALID, no tries left UV_BLOCKED. mc or ga without an rpId is BAD_REQUEST, a key
   * without built-in UV UNSUPPORTED.
   */
  async getPinUvAuthTokenUsingUv(scope: PinUvAuthTokenScope, options?: CtapRequestOptions): Promise<PinUvAuthToken> {
    requireRpIdForMcGa(scope);
    if (!this.hasBuiltInUv) throw new CtapClientError('UNSUPPORTED', 'this key has no built-in user verification that issues tokens');
    return this.connection.exclusive(async () => {
      const protocol = this.protocol;
      const key = await requestKeyAgreement(this.connection, protocol, options);
      const { request, sharedSecret } = readDeviceAnswer('key agreement key', () => makeUvTokenRequest(protocol, key, scope));
      const body = await this.send(request, options, 'getPinUvAuthTokenUsingUvWithPermissions');
      const token = readDeviceAnswer('pinUvAuthToken', () => decryptPinUvAuthToken(protocol, sharedSecret, decodeClientPinResponse(body)));
      return new PinUvAuthToken(protocol, token, scope.permissions, scope.rpId);
    });
  }

  /**
   * Built-in UV as browsers use it: up to getInfo's preferredPlatformUvAttempts tries (1 when absent), each
   * UV_INVALID (a finger that did not match) followed by another. UV_BLOCKED, a last UV_INVALID or OPERATION_DENIED
   * is returned as `failure`, for the caller to fall back to the PIN (a correct PIN unblocks built-in UV, CTAP 2.1
   * §6.5.2.2). Other errors (a cancel, a timeout) are thrown.
   */
  async tryBuiltInUv(scope: PinUvAuthTokenScope, options?: CtapRequestOptions): Promise<BuiltInUvOutcome> {
    const attempts = Math.min(MAX_UV_ATTEMPTS, Math.max(1, this.connection.info.preferredPlatformUvAttempts ?? 1));
    let failure: CtapError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        return { token: await this.getPinUvAuthTokenUsingUv(scope, options) };
      } catch (error) {
        if (!(error instanceof CtapError) || !FALL_BACK_TO_PIN_ON.has(error.status)) throw error;
        failure = error;
        if (error.status !== CtapStatus.UV_INVALID) break;
      }
    }
    return { failure: failure! };
  }

  private send(request: ClientPinRequest, options: CtapRequestOptions | undefined, what: string) {
    return this.connection.call(Ctap2Command.clientPIN, encodeClientPinRequest(request), options, `clientPIN ${what}`);
  }
}
