import {
  Ctap2Command,
  decodeGetAssertionResponse,
  decodeMakeCredentialResponse,
  encodeGetAssertionRequest,
  encodeMakeCredentialRequest,
  ExtensionIdentifier,
  parseAuthenticatorData,
  type AuthenticatorInfo,
  type CborValue,
  type GetAssertionRequest,
  type GetAssertionResponse,
  type MakeCredentialRequest,
  type PinUvAuthProtocol,
} from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice, CtapRequestOptions } from '../hid/CtapDevice.js';
import { Ctap2ClientPin } from './Ctap2ClientPin.js';
import { Ctap2Config } from './Ctap2Config.js';
import { Ctap2Connection } from './Ctap2Connection.js';
import { Ctap2CredentialManagement } from './Ctap2CredentialManagement.js';
import { encodeMakeCredentialExtensionInputs } from './encodeMakeCredentialExtensionInputs.js';
import { fetchAuthenticatorInfo } from './fetchAuthenticatorInfo.js';
import type { GetAssertionInput, GetAssertionResult } from './GetAssertionInput.js';
import type { MakeCredentialInput, MakeCredentialResult } from './MakeCredentialInput.js';
import type { PinUvAuthToken } from './PinUvAuthToken.js';
import { prepareHmacSecret, type PreparedHmacSecret } from './prepareHmacSecret.js';
import { readAnnouncedCount } from './readAnnouncedCount.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';
import { readGetAssertionExtensionOutputs } from './readGetAssertionExtensionOutputs.js';
import { readMakeCredentialExtensionOutputs } from './readMakeCredentialExtensionOutputs.js';
import { requestKeyAgreement } from './requestKeyAgreement.js';

export interface Ctap2SessionOptions extends CtapRequestOptions {
  /** Use this PIN/UV auth protocol instead of the device's first choice (it must be one the device offers). */
  pinUvAuthProtocol?: 1 | 2;
}

function pinUvAuthMembers(token: PinUvAuthToken | undefined, raw: { pinUvAuthParam?: Uint8Array; pinUvAuthProtocol?: number }, clientDataHash: Uint8Array) {
  if (!token) return {};
  if (raw.pinUvAuthParam !== undefined || raw.pinUvAuthProtocol !== undefined) {
    throw new CtapClientError('BAD_REQUEST', 'give either pinUvAuthToken or pinUvAuthParam / pinUvAuthProtocol, not both');
  }
  return { pinUvAuthParam: token.authenticate(clientDataHash), pinUvAuthProtocol: token.protocolVersion };
}

/**
 * A CTAP2 authenticator behind a CtapDevice (a CTAPHID channel, or anything like one), with typed requests and
 * answers. Open it with `Ctap2Session.open(device)`, which asks getInfo once and keeps it in `info` (refreshed
 * by the commands that change it). The options of the commands that wait for a touch (makeCredential,
 * getAssertion, reset, selection) reach the device: `signal` cancels, `onKeepalive(2)` means "touch your key".
 * A non-zero status from the device is the CtapError of that status; a malformed answer is a CtapClientError
 * PROTOCOL_ERROR. Requests of one session run one after another.
 */
export class Ctap2Session {
  readonly kind = 'ctap2';
  /** clientPIN: PIN retries, setPin, changePin, pinUvAuthTokens. */
  readonly clientPin: Ctap2ClientPin;
  private readonly connection: Ctap2Connection;

  /** Prefer `Ctap2Session.open`; this takes a getInfo already made on the device. */
  constructor(
    readonly device: CtapDevice,
    info: AuthenticatorInfo,
    options: Pick<Ctap2SessionOptions, 'pinUvAuthProtocol'> = {},
  ) {
    this.connection = new Ctap2Connection(device, info, options.pinUvAuthProtocol);
    this.clientPin = new Ctap2ClientPin(this.connection);
  }

  /** Asks getInfo (a device without CTAP2 answers it with CtapError INVALID_COMMAND) and opens the session. */
  static async open(device: CtapDevice, options: Ctap2SessionOptions = {}): Promise<Ctap2Session> {
    const { pinUvAuthProtocol, ...requestOptions } = options;
    const info = await fetchAuthenticatorInfo(device, requestOptions);
    return new Ctap2Session(device, info, pinUvAuthProtocol === undefined ? {} : { pinUvAuthProtocol });
  }

  /** The device's getInfo as last asked. */
  get info(): AuthenticatorInfo {
    return this.connection.info;
  }

  /** The PIN/UV auth protocol used for clientPIN and hmac-secret: the device's first choice among 1 and 2. */
  get pinUvAuthProtocol(): PinUvAuthProtocol {
    return this.connection.pinUvAuthProtocol();
  }

  /** getInfo again; `info` is updated. */
  getInfo(options?: CtapRequestOptions): Promise<AuthenticatorInfo> {
    return this.connection.exclusive(() => this.connection.refreshInfo(options));
  }

  /** authenticatorMakeCredential; waits for a touch. */
  async makeCredential(input: MakeCredentialInput, options?: CtapRequestOptions): Promise<MakeCredentialResult> {
    const { pinUvAuthToken, extensions, ...rest } = input;
    const request: MakeCredentialRequest = { ...rest, ...pinUvAuthMembers(pinUvAuthToken, rest, rest.clientDataHash) };
    const encodedExtensions = encodeMakeCredentialExtensionInputs(extensions);
    if (encodedExtensions) request.extensions = encodedExtensions;
    return this.connection.exclusive(async () => {
      const body = await this.connection.call(Ctap2Command.makeCredential, encodeMakeCredentialRequest(request), options, 'makeCredential');
      const response = readDeviceAnswer('makeCredential response', () => decodeMakeCredentialResponse(body));
      const authenticatorData = readDeviceAnswer('makeCredential authenticatorData', () => parseAuthenticatorData(response.authData));
      const attested = authenticatorData.attestedCredentialData;
      if (!attested) throw new CtapClientError('PROTOCOL_ERROR', 'makeCredential authenticatorData without attested credential data');
      return {
        ...response,
        authenticatorData,
        credentialId: attested.credentialId,
        credentialPublicKey: attested.credentialPublicKey,
        extensions: readMakeCredentialExtensionOutputs(authenticatorData.extensions),
      };
    });
  }

  /**
   * authenticatorGetAssertion, then getNextAssertion until every credential the device counted
   * (numberOfCredentials) has answered: the first assertion first. hmac-secret salts are encrypted here under a
   * fresh key agreement (the token's protocol, else the session's) and the outputs decrypted. Waits for a touch.
   */
  async getAssertion(input: GetAssertionInput, options?: CtapRequestOptions): Promise<GetAssertionResult[]> {
    const { pinUvAuthToken, extensions, ...rest } = input;
    const request: GetAssertionRequest = { ...rest, ...pinUvAuthMembers(pinUvAuthToken, rest, rest.clientDataHash) };
    return this.connection.exclusive(async () => {
      let hmacSecret: PreparedHmacSecret | undefined;
      if (extensions) {
        const map = new Map<string | number, CborValue>(extensions.other ?? []);
        if (extensions.hmacSecret) {
          const protocol = pinUvAuthToken?.protocol ?? this.connection.pinUvAuthProtocol();
          const key = await requestKeyAgreement(this.connection, protocol, options);
          hmacSecret = prepareHmacSecret(protocol, key, extensions.hmacSecret);
          map.set(ExtensionIdentifier.hmacSecret, hmacSecret.input);
        }
        if (extensions.credBlob !== undefined) map.set(ExtensionIdentifier.credBlob, extensions.credBlob);
        if (map.size > 0) request.extensions = map;
      }
      const first = await this.assertion(Ctap2Command.getAssertion, request, options);
      const count = readAnnouncedCount(first.numberOfCredentials ?? 1, `credentials for ${request.rpId}`);
      const responses = [first];
      for (let index = 1; index < count; index++) {
        responses.push(await this.assertion(Ctap2Command.getNextAssertion, undefined, options));
      }
      return responses.map((response) => {
        const credential = response.credential ?? (request.allowList?.length === 1 ? request.allowList[0] : undefined);
        if (!credential) throw new CtapClientError('PROTOCOL_ERROR', 'assertion without its credential');
        const authenticatorData = readDeviceAnswer('assertion authenticatorData', () => parseAuthenticatorData(response.authData));
        return { ...response, credential, authenticatorData, extensions: readGetAssertionExtensionOutputs(authenticatorData.extensions, hmacSecret) };
      });
    });
  }

  /** credentialManagement under `token` (cm permission). */
  credentialManagement(token: PinUvAuthToken): Ctap2CredentialManagement {
    return new Ctap2CredentialManagement(this.connection, token);
  }

  /** authenticatorConfig under `token` (acfg permission); without a PIN set no token is needed. */
  config(token?: PinUvAuthToken): Ctap2Config {
    return new Ctap2Config(this.connection, token);
  }

  /**
   * authenticatorReset: every credential and the PIN go. Devices take it only shortly after power-up (10 s;
   * NOT_ALLOWED later) and with a touch (OPERATION_DENIED / USER_ACTION_TIMEOUT otherwise).
   */
  reset(options?: CtapRequestOptions): Promise<void> {
    return this.connection.exclusive(async () => {
      await this.connection.call(Ctap2Command.reset, undefined, options, 'reset');
      await this.connection.refreshInfo(options);
    });
  }

  /** authenticatorSelection (CTAP 2.1): resolves when the user touches this key. */
  selection(options?: CtapRequestOptions): Promise<void> {
    return this.connection.exclusive(async () => {
      await this.connection.call(Ctap2Command.selection, undefined, options, 'selection');
    });
  }

  /** Closes the device. */
  close(): Promise<void> {
    return this.device.close();
  }

  private async assertion(command: number, request: GetAssertionRequest | undefined, options: CtapRequestOptions | undefined): Promise<GetAssertionResponse> {
    const what = request ? 'getAssertion' : 'getNextAssertion';
    const body = await this.connection.call(command, request ? encodeGetAssertionRequest(request) : undefined, options, what);
    return readDeviceAnswer(`${what} response`, () => decodeGetAssertionResponse(body));
  }
}
