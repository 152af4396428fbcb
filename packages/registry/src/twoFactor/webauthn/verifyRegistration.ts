import { verifyRegistrationResponse, type RegistrationResponseJSON, type VerifiedRegistrationResponse } from '@simplewebauthn/server';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import type { AttestationPolicy } from '../../config/RegistryConfig.js';
import { HttpError } from '../../http/HttpError.js';
import { withAttestationServices } from './attestationServices.js';
import type { AttestationTrust } from './attestationTrust.js';
import { libraryMessage } from './libraryMessage.js';
import type { RelyingParty } from './WebAuthnDeps.js';
import { supportedAlgorithmIds } from './webauthnRules.js';

/** A registration that verified and that the attestation policy accepts: what is stored of it. */
export interface AcceptedRegistration {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  fmt: string;
  aaguid: string;
  backupEligible: boolean;
  backupState: boolean;
  /** The certificate chain was validated up to an anchor of the trust directory. */
  attestationVerified: boolean;
}

export const attestationMessages = {
  none: 'attestation is required: the key sent none',
  self: 'self attestation is not allowed',
  untrusted: 'attestation does not chain to a trusted root',
} as const;

/**
 * Verifies a registration response against the challenge, then judges its attestation by `policy`. It runs twice
 * where needed, because SimpleWebAuthn decides both questions at once from global settings:
 *
 * 1. without anchors: is the response what it claims (client data, RP ID hash, user presence, algorithm, the
 *    attestation statement's signature and certificate fields)? Otherwise 400 invalid_webauthn_response, whatever
 *    the policy;
 * 2. with the trust directory's anchors, for a statement with certificates when the directory has roots or a
 *    metadata statement for the key's AAGUID: does the chain end in one of them? Yes makes attestationVerified.
 *
 * Policy 'trusted' refuses (400 attestation_refused) format none, self attestation and chains that step 2 did not
 * validate; 'any' and 'none' accept every response that passed step 1.
 */
export async function verifyRegistration(
  rp: RelyingParty,
  policy: AttestationPolicy,
  trust: AttestationTrust,
  response: RegistrationResponseJSON,
  expectedChallenge: string,
): Promise<AcceptedRegistration> {
  const verify = () =>
    verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserPresence: true,
      requireUserVerification: false,
      supportedAlgorithmIDs: [...supportedAlgorithmIds],
    });

  let verified: VerifiedRegistrationResponse;
  try {
    verified = await withAttestationServices(null, verify);
  } catch (error) {
    throw invalid(`The security key's response was refused: ${libraryMessage(error)}`);
  }
  const info = verified.registrationInfo;
  if (!verified.verified || !info) throw invalid("The security key's attestation signature does not verify");
  if (info.credential.id !== response.id) throw invalid('id is not the id of the credential the key made');

  const fmt = info.fmt;
  const chain = hasCertificates(fmt, info.attestationObject);
  const anchored = chain && (trust.statements.has(info.aaguid) || trust.roots.length > 0);
  let attestationVerified = false;
  if (anchored) {
    attestationVerified = await withAttestationServices(trust, verify).then(
      (result) => result.verified,
      () => false,
    );
  }
  if (policy === 'trusted') {
    if (fmt === 'none') throw refused(attestationMessages.none);
    if (!chain) throw refused(attestationMessages.self);
    if (!attestationVerified) throw refused(attestationMessages.untrusted);
  }
  return {
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    fmt,
    aaguid: info.aaguid,
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backupState: info.credentialBackedUp,
    attestationVerified,
  };
}

type VerifiedRegistration = NonNullable<VerifiedRegistrationResponse['registrationInfo']>;

/** Whether the statement carries certificates (x5c); without them, a packed statement is self attestation. */
function hasCertificates(fmt: string, attestationObject: VerifiedRegistration['attestationObject']): boolean {
  if (fmt === 'none') return false;
  // SafetyNet's certificates are inside its JWS; SimpleWebAuthn validates them against the same roots.
  if (fmt === 'android-safetynet') return true;
  const x5c = decodeAttestationObject(attestationObject).get('attStmt').get('x5c');
  return Array.isArray(x5c) && x5c.length > 0;
}

function invalid(message: string): HttpError {
  return new HttpError(400, 'invalid_webauthn_response', message);
}

function refused(message: string): HttpError {
  return new HttpError(400, 'attestation_refused', message);
}
