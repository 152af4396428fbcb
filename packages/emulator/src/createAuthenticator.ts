import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { CTAPHID_MAX_MESSAGE_SIZE, equalBytes } from '@keybridge/ctap';
import { Authenticator } from './Authenticator.js';
import type { AttestationMaterial, AttestationMode, AuthenticatorConfig, SignCountMode } from './AuthenticatorCore.js';
import { loadTestAttestationCa } from './attestation/certificates/loadTestAttestationCa.js';
import { FileStateStore, MemoryStateStore, type StateStore } from './state/StateStore.js';
import { fixedUserPresence, type UserPresencePolicy } from './userPresence/UserPresencePolicy.js';
import type { BuiltInUvDecision } from './userVerification/BuiltInUvDecision.js';

export interface AuthenticatorOptions {
  /** 16 bytes; defaults to the AAGUID of the test batch certificate in fixtures/attestation. */
  aaguid?: Uint8Array;
  /** Attestation format for makeCredential: full `packed` (default), `self` (packed, no x5c) or `none`. */
  attestation?: AttestationMode;
  /** What the emulated user does when asked for a touch; default: approve at once. */
  userPresence?: UserPresencePolicy;
  /** How long to wait for a touch before USER_ACTION_TIMEOUT; default 30 s. */
  userPresenceTimeoutMs?: number;
  /** Keep the persistent state in this JSON file (written atomically) instead of memory. */
  statePath?: string;
  /** A PIN to set when the state has none yet. */
  pin?: string;
  /** Answer only CTAP1/U2F, as an old key does. */
  u2fOnly?: boolean;
  /**
   * Built-in user verification, as on fingerprint keys: getInfo then has uv and preferredPlatformUvAttempts, clientPIN
   * answers getPinUvAuthTokenUsingUvWithPermissions and getUVRetries, and the uv option works. The decision is what
   * the emulated finger does: match (approve) or not (deny, which costs a UV retry). Default: no built-in UV.
   */
  builtInUv?: BuiltInUvDecision;
  /** A clock for tests. */
  now?: () => number;
  /** The largest CTAP2 message accepted and advertised as getInfo maxMsgSize (1024..7609); default 7609. */
  maxMessageSize?: number;
  /** The longest allowList / excludeList accepted, advertised as getInfo maxCredentialCountInList; default 16. */
  maxCredentialCountInList?: number;
  /** Signature counters: `increasing` per credential (the default, as keys do) or always `zero`, for a state file restored on every CI run. */
  signCount?: SignCountMode;
}

async function attestationMaterialFor(aaguid: Uint8Array | undefined): Promise<{ aaguid: Uint8Array; material: AttestationMaterial }> {
  const ca = loadTestAttestationCa();
  if (!aaguid || equalBytes(aaguid, ca.aaguid)) {
    return {
      aaguid: ca.aaguid,
      material: { certificateDer: new Uint8Array(new X509Certificate(ca.batchCertPem).raw), privateKey: createPrivateKey(ca.batchKeyPem) },
    };
  }
  // The batch certificate must carry the AAGUID the authenticator reports, so another AAGUID needs its own certificate.
  // Loaded only here: @peculiar/x509 doubles the emulator's startup (a CLI run, a key in a slow VM) for the rare case.
  const { issueBatchCertificate } = await import('./attestation/certificates/issueBatchCertificate.js');
  const issued = await issueBatchCertificate({ aaguid, caKeyPem: ca.caKeyPem, caCertPem: ca.caCertPem, batchKeyPem: ca.batchKeyPem });
  return { aaguid, material: issued };
}

/** Builds a ready authenticator: configuration resolved, state loaded, PIN set if asked. */
export async function createAuthenticator(options: AuthenticatorOptions = {}): Promise<Authenticator> {
  // CTAP 2.1 §8: every authenticator takes messages of 1024 bytes; CTAPHID carries at most 7609.
  const { maxMessageSize, maxCredentialCountInList } = options;
  if (maxMessageSize !== undefined && (!Number.isInteger(maxMessageSize) || maxMessageSize < 1024 || maxMessageSize > CTAPHID_MAX_MESSAGE_SIZE)) {
    throw new RangeError(`maxMessageSize must be an integer from 1024 to ${CTAPHID_MAX_MESSAGE_SIZE}, not ${maxMessageSize}`);
  }
  if (maxCredentialCountInList !== undefined && (!Number.isInteger(maxCredentialCountInList) || maxCredentialCountInList < 1)) {
    throw new RangeError(`maxCredentialCountInList must be a positive integer, not ${maxCredentialCountInList}`);
  }
  const { aaguid, material } = await attestationMaterialFor(options.aaguid);
  const config: AuthenticatorConfig = {
    aaguid,
    attestation: options.attestation ?? 'packed',
    attestationMaterial: material,
    algorithms: [-7, -8],
    userPresenceTimeoutMs: options.userPresenceTimeoutMs ?? 30_000,
    resetWindowMs: 10_000,
    maxDiscoverableCredentials: 100,
    maxCredentialIdLength: 128,
    maxCredentialCountInList: options.maxCredentialCountInList ?? 16,
    maxCredBlobLength: 32,
    maxMessageSize: options.maxMessageSize ?? CTAPHID_MAX_MESSAGE_SIZE,
    ctap2: !options.u2fOnly,
    signCount: options.signCount ?? 'increasing',
  };
  const store: StateStore = options.statePath ? new FileStateStore(options.statePath) : new MemoryStateStore();
  const state = await store.load();
  const authenticator = new Authenticator(config, state, store, options.userPresence ?? fixedUserPresence('approve'), options.now, options.builtInUv);
  if (options.pin !== undefined && !state.pinHash) {
    const codePoints = [...options.pin].length;
    if (codePoints < state.minPinLength || Buffer.byteLength(options.pin) > 63) {
      throw new RangeError(`PIN must have at least ${state.minPinLength} characters and at most 63 bytes`);
    }
    state.pinHash = Uint8Array.from(createHash('sha256').update(options.pin, 'utf8').digest().subarray(0, 16));
    state.pinCodePoints = codePoints;
    await authenticator.persist();
  }
  return authenticator;
}
