import { Buffer } from 'node:buffer';
import type { Knex } from 'knex';
import { HttpError } from '../../http/HttpError.js';
import { attestationTrustFor, type AttestationTrust } from './attestationTrust.js';
import { isUniqueViolation } from './isUniqueViolation.js';
import { parseRegistrationResponse, WebAuthnResponseError } from './parseWebAuthnResponse.js';
import { validateSecurityKeyName } from './securityKeyName.js';
import { describeSecurityKeyRow, type SecurityKeyRow, type StoredSecurityKey } from './StoredSecurityKey.js';
import { verifyRegistration } from './verifyRegistration.js';
import { takeChallenge } from './webauthnChallenges.js';
import { relyingParty, type WebAuthnDeps } from './WebAuthnDeps.js';

/**
 * Adds a security key to the user's account from the answer to securityKeyRegistrationOptions. In order: the name
 * (400 invalid_name, 409 key_name_taken) and the response's shape (400 invalid_webauthn_response) are checked before
 * the challenge is touched, so the same answer can come again with another name; then the session's registration
 * challenge is taken (single use; 400 no_challenge when there is none or it expired), the response verified and its
 * attestation judged by config.attestation (400 invalid_webauthn_response, 400 attestation_refused), and the key
 * stored unless its credential is registered already, to anyone (409 credential_exists). Records nothing in events:
 * the caller does.
 */
export async function registerSecurityKey(
  deps: WebAuthnDeps,
  user: { id: number; username: string },
  sessionHash: string,
  name: string,
  response: unknown,
): Promise<StoredSecurityKey> {
  const { db, config, now } = deps;
  const keyName = validateSecurityKeyName(name);
  let parsed;
  try {
    parsed = parseRegistrationResponse(response);
  } catch (error) {
    if (error instanceof WebAuthnResponseError) throw new HttpError(400, 'invalid_webauthn_response', `Malformed security-key response: ${error.message}`);
    throw error;
  }
  if (await nameTaken(db, user.id, keyName)) throw nameTakenError(keyName);

  const trust = deps.trust ?? (await attestationTrustFor(config.attestationTrustDir));
  const challenge = await takeChallenge(db, sessionHash, 'registration', now);
  if (challenge === undefined) {
    throw new HttpError(400, 'no_challenge', 'No security-key registration is waiting in this session (or it took longer than 5 minutes): start again');
  }
  const accepted = await verifyRegistration(relyingParty(config), config.attestation, trust, parsed, challenge);
  if (await db('webauthn_credentials').where('credential_id', accepted.credentialId).first('id')) throw credentialExistsError();

  const row = {
    user_id: user.id,
    credential_id: accepted.credentialId,
    name: keyName,
    public_key: Buffer.from(accepted.publicKey).toString('base64url'),
    counter: accepted.counter,
    transports: JSON.stringify(parsed.response.transports ?? []),
    backup_eligible: accepted.backupEligible,
    backup_state: accepted.backupState,
    aaguid: accepted.aaguid,
    attestation_format: accepted.fmt,
    attestation_verified: accepted.attestationVerified,
    model: modelOf(trust, accepted.aaguid),
    created_at: new Date(now),
    last_used_at: null,
  };
  let id: number;
  try {
    const [inserted] = (await db('webauthn_credentials').insert(row).returning('id')) as Array<{ id: number } | number>;
    id = typeof inserted === 'number' ? inserted : Number(inserted?.id);
  } catch (error) {
    // A concurrent registration won the race for the credential or the name.
    if (!isUniqueViolation(error)) throw error;
    if (await db('webauthn_credentials').where('credential_id', accepted.credentialId).first('id')) throw credentialExistsError();
    throw nameTakenError(keyName);
  }
  return describeSecurityKeyRow({ ...row, id } as SecurityKeyRow);
}

async function nameTaken(db: Knex, userId: number, name: string): Promise<boolean> {
  return (await db('webauthn_credentials').where({ user_id: userId, name }).first('id')) !== undefined;
}

function nameTakenError(name: string): HttpError {
  return new HttpError(409, 'key_name_taken', `You already have a security key named '${name}'`);
}

function credentialExistsError(): HttpError {
  return new HttpError(409, 'credential_exists', 'This security key is registered already (to this account or another)');
}

/** The model's name from the trust directory's metadata statement for this AAGUID (the column holds 255 characters). */
function modelOf(trust: AttestationTrust, aaguid: string): string | null {
  const description = trust.statements.get(aaguid)?.description;
  return description === undefined ? null : [...description.trim()].slice(0, 255).join('');
}
