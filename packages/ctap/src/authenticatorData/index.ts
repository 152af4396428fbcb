export type {
  AttestedCredentialData,
  AuthenticatorData,
  ParsedAttestedCredentialData,
  ParsedAuthenticatorData,
} from './AuthenticatorData.js';
export { AuthenticatorDataFlags } from './AuthenticatorDataFlags.js';
export { encodeAuthenticatorData } from './encodeAuthenticatorData.js';
export { parseAuthenticatorData } from './parseAuthenticatorData.js';
export { rpIdHash } from './rpIdHash.js';
