import { Buffer } from 'node:buffer';
import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { credentialDescriptors } from './credentialDescriptors.js';
import { issueChallenge } from './webauthnChallenges.js';
import { relyingParty, userHandleOf, type WebAuthnDeps } from './WebAuthnDeps.js';
import { ceremonyTimeoutMs, supportedAlgorithmIds } from './webauthnRules.js';

/**
 * The options for navigator.credentials.create() to add a security key, with a new registration challenge for this
 * session (it replaces any earlier one). The user's keys are excluded, so a key is not registered twice; attestation
 * is asked for ('direct') only when the policy looks at it.
 */
export async function securityKeyRegistrationOptions(
  deps: WebAuthnDeps,
  user: { id: number; username: string },
  sessionHash: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { db, config, now } = deps;
  const { rpId, rpName } = relyingParty(config);
  const excludeCredentials = await credentialDescriptors(db, user.id);
  const challenge = await issueChallenge(db, sessionHash, 'registration', now);
  return generateRegistrationOptions({
    rpName,
    rpID: rpId,
    userName: user.username,
    userDisplayName: user.username,
    userID: userHandleOf(user.id),
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: ceremonyTimeoutMs,
    attestationType: config.attestation === 'none' ? 'none' : 'direct',
    excludeCredentials,
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
    supportedAlgorithmIDs: [...supportedAlgorithmIds],
  });
}
