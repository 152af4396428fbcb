import type { CborMap } from '../../cbor/index.js';
import type { PublicKeyCredentialDescriptor } from '../makeCredential/PublicKeyCredentialEntities.js';

/** authenticatorGetAssertion parameter keys (ctap-reference.md "getAssertion (02)"). */
export const GetAssertionParameter = {
  rpId: 0x01,
  clientDataHash: 0x02,
  allowList: 0x03,
  extensions: 0x04,
  options: 0x05,
  pinUvAuthParam: 0x06,
  pinUvAuthProtocol: 0x07,
} as const;

/**
 * getAssertion options. `rk` is not a getAssertion option, but it is read so that the authenticator can answer
 * UNSUPPORTED_OPTION as CTAP 2.1 §6.2.2 step 4 demands.
 */
export interface GetAssertionOptions {
  up?: boolean;
  uv?: boolean;
  rk?: boolean;
}

export interface GetAssertionRequest {
  rpId: string;
  clientDataHash: Uint8Array;
  allowList?: PublicKeyCredentialDescriptor[];
  /** Extension inputs by identifier, as sent; each extension reads its own input. */
  extensions?: CborMap;
  options?: GetAssertionOptions;
  /** Zero length is the platform's "touch to select" probe (CTAP 2.1 §6.2.2 step 1). */
  pinUvAuthParam?: Uint8Array;
  pinUvAuthProtocol?: number;
}
