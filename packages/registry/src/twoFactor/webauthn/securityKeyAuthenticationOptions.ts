import { Buffer } from 'node:buffer';
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { HttpError } from '../../http/HttpError.js';
import { credentialDescriptors } from './credentialDescriptors.js';
import { issueChallenge } from './webauthnChallenges.js';
import { relyingParty, type WebAuthnDeps } from './WebAuthnDeps.js';
import { ceremonyTimeoutMs } from './webauthnRules.js';

/**
 * The options for navigator.credentials.get() with one of the user's security keys, with a new authentication
 * challenge for this session (it replaces any earlier one). 404 no_security_keys when the user has none.
 */
export async function securityKeyAuthenticationOptions(deps: WebAuthnDeps, userId: number, sessionHash: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { db, config, now } = deps;
  const allowCredentials = await credentialDescriptors(db, userId);
  if (allowCredentials.length === 0) throw new HttpError(404, 'no_security_keys', 'This account has no security key');
  const challenge = await issueChallenge(db, sessionHash, 'authentication', now);
  return generateAuthenticationOptions({
    rpID: relyingParty(config).rpId,
    allowCredentials,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: ceremonyTimeoutMs,
    userVerification: 'preferred',
  });
}
