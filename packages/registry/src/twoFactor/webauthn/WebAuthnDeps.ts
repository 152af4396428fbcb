import type { Knex } from 'knex';
import type { RegistryConfig } from '../../config/RegistryConfig.js';
import type { AttestationTrust } from './attestationTrust.js';

/** What the security-key functions work with. `now` is epoch ms from the registry's clock. */
export interface WebAuthnDeps {
  db: Knex;
  config: RegistryConfig;
  now: number;
  /** The trust anchors to judge attestation by; default: those of config.attestationTrustDir, loaded once per process. */
  trust?: AttestationTrust;
}

/** The relying party as WebAuthn sees the registry: config.publicUrl's origin, its host name the RP ID. */
export interface RelyingParty {
  rpId: string;
  origin: string;
  rpName: string;
}

export function relyingParty(config: Pick<RegistryConfig, 'publicUrl' | 'siteName'>): RelyingParty {
  const url = new URL(config.publicUrl);
  return { rpId: url.hostname, origin: url.origin, rpName: config.siteName };
}

/**
 * The WebAuthn user handle of an account: its id in decimal. Stable, so a key keeps one credential per account, and
 * no personal data (WebAuthn forbids names and addresses there).
 */
export function userHandleOf(userId: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(String(userId));
}
