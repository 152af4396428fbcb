import { CoseKeyLabel, CtapError, CtapStatus, publicKeyFromCoseKey, type CtapHidKeepaliveStatusCode } from '@keybridge/ctap';
import { Ctap1Session } from '../ctap1/Ctap1Session.js';
import { CtapClientError } from '../CtapClientError.js';
import { Ctap2Session } from '../ctap2/Ctap2Session.js';
import type { CtapDevice, CtapRequestOptions } from '../hid/CtapDevice.js';
import { openSession } from '../openSession.js';
import { applyAttestationConveyance } from './applyAttestationConveyance.js';
import type { AccountChoice, CeremonyContext, MadeAssertion, MadeCredential } from './CeremonyContext.js';
import { checkAppId } from './checkAppId.js';
import { createWithCtap2, type CreateRequest } from './createWithCtap2.js';
import { createWithU2f } from './createWithU2f.js';
import { decodeBase64Url } from './decodeBase64Url.js';
import { encodeAttestationObject } from './encodeAttestationObject.js';
import { encodeBase64Url } from './encodeBase64Url.js';
import { getWithCtap2, type GetRequest } from './getWithCtap2.js';
import { getWithU2f } from './getWithU2f.js';
import { publicSuffixOf } from './publicSuffixOf.js';
import { makeClientData, type ClientData } from './makeClientData.js';
import type { PinSource } from './obtainPinUvAuthToken.js';
import { resolveRpId } from './resolveRpId.js';
import { usableCredentialDescriptors } from './usableCredentialDescriptors.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './WebAuthnJson.js';

export interface WebAuthnClientOptions {
  /**
   * The public suffix of a domain, which no RP may use as its RP ID. Default: publicSuffixOf, the full Public
   * Suffix List bundled by tldts; give another lookup to pin or extend the list.
   */
  publicSuffixOf?: (domain: string) => string;
}

/** Where and how one ceremony runs. `pin` / `getPin` (PinSource) supply the PIN when user verification needs it. */
export interface WebAuthnCeremonyOptions extends PinSource {
  /** The web origin the RP's options came from, e.g. "https://example.org". */
  origin: string;
  /** The key: a device (its session is opened here) or a session already open on it. */
  device: CtapDevice | Ctap2Session | Ctap1Session;
  /** Aborting cancels on the device too; the ceremony ends with CtapClientError CANCELLED. */
  signal?: AbortSignal;
  /** KEEPALIVE statuses while the key works: 2 (UPNEEDED) is the moment to say "touch your key". */
  onKeepalive?: (status: CtapHidKeepaliveStatusCode) => void;
}

export interface WebAuthnGetOptions extends WebAuthnCeremonyOptions {
  /** Chooses among several discoverable credentials (get() without allowCredentials); default: the first. */
  selectAccount?: (accounts: AccountChoice[]) => number | Promise<number>;
}

/** WebAuthn's transports for a key reached over USB HID (the emulator's UDP stands in for it). */
const TRANSPORTS = ['usb'];

/** The device statuses that are WebAuthn outcomes rather than faults, as the client's own errors. */
function ceremonyError(error: unknown, rpId: string): unknown {
  if (!(error instanceof CtapError)) return error;
  if (error.status === CtapStatus.CREDENTIAL_EXCLUDED) {
    return new CtapClientError('CREDENTIAL_EXCLUDED', `the key already holds a credential of excludeCredentials for ${rpId}`, { cause: error });
  }
  if (error.status === CtapStatus.NO_CREDENTIALS) {
    return new CtapClientError('NO_CREDENTIALS', `the key holds no credential for ${rpId} that the request allows`, { cause: error });
  }
  if (error.status === CtapStatus.PUAT_REQUIRED) {
    return new CtapClientError('PIN_REQUIRED', `the key wants user verification for ${rpId}: give its PIN`, { cause: error });
  }
  return error;
}

function spkiOf(credentialPublicKey: MadeCredential['credentialPublicKey']): string | undefined {
  try {
    return encodeBase64Url(new Uint8Array(publicKeyFromCoseKey(credentialPublicKey).export({ type: 'spki', format: 'der' })));
  } catch {
    return undefined; // An algorithm without an SPKI form here (RS256…): the member is optional.
  }
}

/**
 * The role a browser plays in WebAuthn, for a security key: takes the options an RP generated
 * (@simplewebauthn/server's generateRegistrationOptions / generateAuthenticationOptions), the origin and a
 * key, runs the ceremony over CTAP2 (or U2F for keys without it) and returns the RegistrationResponseJSON /
 * AuthenticationResponseJSON the RP verifies unchanged.
 *
 * Before the key is touched: the origin must be https (http only on localhost), the RP ID its host or a
 * registrable suffix of it that is not a public suffix, and every base64url member well-formed; otherwise
 * CtapClientError BAD_REQUEST. Outcomes: CREDENTIAL_EXCLUDED (excludeCredentials matched), NO_CREDENTIALS,
 * PIN_REQUIRED (user verification needed and no PIN given), UNSUPPORTED (the key cannot do what is required),
 * CANCELLED / TIMEOUT; other device statuses stay CtapError (a wrong PIN is PIN_INVALID…).
 */
export class WebAuthnClient {
  private readonly publicSuffixOf: (domain: string) => string;

  constructor(options: WebAuthnClientOptions = {}) {
    this.publicSuffixOf = options.publicSuffixOf ?? publicSuffixOf;
  }

  /** navigator.credentials.create({ publicKey }) with a security key. */
  async create(options: PublicKeyCredentialCreationOptionsJSON, ceremony: WebAuthnCeremonyOptions): Promise<RegistrationResponseJSON> {
    const { origin, rpId } = resolveRpId(options.rp.id, ceremony.origin, this.publicSuffixOf);
    decodeBase64Url(options.challenge, 'challenge');
    const userId = decodeBase64Url(options.user.id, 'user.id');
    if (userId.length < 1 || userId.length > 64) throw new CtapClientError('BAD_REQUEST', `user.id must be 1 to 64 bytes, not ${userId.length}`);
    const selection = options.authenticatorSelection ?? {};
    if (selection.authenticatorAttachment === 'platform') {
      throw new CtapClientError('UNSUPPORTED', 'the RP asks for a platform authenticator; a security key is cross-platform');
    }
    const clientData = makeClientData('webauthn.create', options.challenge, origin);
    const request: CreateRequest = {
      rp: { id: rpId, name: options.rp.name },
      user: { id: userId, name: options.user.name, displayName: options.user.displayName },
      pubKeyCredParams: options.pubKeyCredParams,
      excludeList: usableCredentialDescriptors(options.excludeCredentials, 'excludeCredentials'),
      residentKey: selection.residentKey ?? (selection.requireResidentKey ? 'required' : 'discouraged'),
      userVerification: selection.userVerification ?? 'preferred',
      extensions: options.extensions ?? {},
    };

    const made = await this.run(ceremony, rpId, clientData, options.timeout, (session, context) =>
      session instanceof Ctap1Session ? createWithU2f(session, request, context) : createWithCtap2(session, request, context),
    );

    const { fmt, attStmt } = applyAttestationConveyance(options.attestation, made.fmt, made.attStmt);
    const id = encodeBase64Url(made.credentialId);
    const algorithm = made.credentialPublicKey.get(CoseKeyLabel.alg);
    const publicKey = spkiOf(made.credentialPublicKey);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: encodeBase64Url(clientData.json),
        attestationObject: encodeBase64Url(encodeAttestationObject(fmt, attStmt, made.authenticatorData)),
        authenticatorData: encodeBase64Url(made.authenticatorData),
        transports: [...TRANSPORTS],
        ...(typeof algorithm === 'number' ? { publicKeyAlgorithm: algorithm } : {}),
        ...(publicKey === undefined ? {} : { publicKey }),
      },
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: made.clientExtensionResults,
    };
  }

  /** navigator.credentials.get({ publicKey }) with a security key. */
  async get(options: PublicKeyCredentialRequestOptionsJSON, ceremony: WebAuthnGetOptions): Promise<AuthenticationResponseJSON> {
    const { origin, rpId } = resolveRpId(options.rpId, ceremony.origin, this.publicSuffixOf);
    decodeBase64Url(options.challenge, 'challenge');
    const extensions = options.extensions ?? {};
    const appid = extensions.appid === undefined ? undefined : checkAppId(extensions.appid, origin, this.publicSuffixOf);
    if (Object.keys(extensions.prf?.evalByCredential ?? {}).length > 0 && (options.allowCredentials ?? []).length === 0) {
      throw new CtapClientError('BAD_REQUEST', 'prf evalByCredential needs allowCredentials');
    }
    const clientData = makeClientData('webauthn.get', options.challenge, origin);
    const request: GetRequest = {
      allowList: usableCredentialDescriptors(options.allowCredentials, 'allowCredentials'),
      allowCredentialsGiven: (options.allowCredentials ?? []).length > 0,
      userVerification: options.userVerification ?? 'preferred',
      extensions,
      ...(appid === undefined ? {} : { appid }),
      ...(ceremony.selectAccount ? { selectAccount: ceremony.selectAccount } : {}),
    };

    const made: MadeAssertion = await this.run(ceremony, rpId, clientData, options.timeout, (session, context) =>
      session instanceof Ctap1Session ? getWithU2f(session, request, context) : getWithCtap2(session, request, context),
    );

    const id = encodeBase64Url(made.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: encodeBase64Url(clientData.json),
        authenticatorData: encodeBase64Url(made.authenticatorData),
        signature: encodeBase64Url(made.signature),
        ...(made.userHandle ? { userHandle: encodeBase64Url(made.userHandle) } : {}),
      },
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: made.clientExtensionResults,
    };
  }

  /** Opens the session (unless given one) and runs a ceremony on it, with the device outcomes mapped. */
  private async run<T>(
    ceremony: WebAuthnCeremonyOptions,
    rpId: string,
    clientData: ClientData,
    timeoutMs: number | undefined,
    work: (session: Ctap2Session | Ctap1Session, context: CeremonyContext) => Promise<T>,
  ): Promise<T> {
    const { device, signal, onKeepalive, pin, getPin } = ceremony;
    const touch: CtapRequestOptions = {};
    if (signal) touch.signal = signal;
    if (onKeepalive) touch.onKeepalive = onKeepalive;
    if (timeoutMs !== undefined && timeoutMs > 0) touch.timeoutMs = timeoutMs;
    const pinSource: PinSource = {};
    if (pin !== undefined) pinSource.pin = pin;
    if (getPin) pinSource.getPin = getPin;
    try {
      const session = device instanceof Ctap2Session || device instanceof Ctap1Session ? device : await openSession(device, signal ? { signal } : {});
      return await work(session, { rpId, clientDataHash: clientData.hash, touch, signal, pinSource });
    } catch (error) {
      throw ceremonyError(error, rpId);
    }
  }
}
