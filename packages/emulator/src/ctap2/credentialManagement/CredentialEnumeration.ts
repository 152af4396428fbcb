import type { DiscoverableCredential } from './discoverableCredentials.js';

/**
 * Enumeration in progress: the RPs or credentials not yet handed out. Begun by enumerateRPsBegin /
 * enumerateCredentialsBegin, advanced by the matching get-next sub-command, ended by anything else.
 */
export type CredentialEnumeration =
  | { kind: 'rps'; rpIds: string[]; expiresAt: number }
  | { kind: 'credentials'; credentials: DiscoverableCredential[]; expiresAt: number };

/**
 * How long a get-next may follow the previous step. The spec sets no limit for credentialManagement; this
 * is getNextAssertion's 30 s window, as other authenticators (OpenSK) use for their stateful commands.
 */
export const CREDENTIAL_ENUMERATION_TIMEOUT_MS = 30_000;
