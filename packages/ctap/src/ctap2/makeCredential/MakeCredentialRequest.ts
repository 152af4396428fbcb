import type { CborMap } from '../../cbor/index.js';
import type {
  PublicKeyCredentialDescriptor,
  PublicKeyCredentialParameters,
  PublicKeyCredentialRpEntity,
  PublicKeyCredentialUserEntity,
} from './PublicKeyCredentialEntities.js';

/** authenticatorMakeCredential parameter keys (ctap-reference.md "makeCredential (01)"). */
export const MakeCredentialParameter = {
  clientDataHash: 0x01,
  rp: 0x02,
  user: 0x03,
  pubKeyCredParams: 0x04,
  excludeList: 0x05,
  extensions: 0x06,
  options: 0x07,
  pinUvAuthParam: 0x08,
  pinUvAuthProtocol: 0x09,
  enterpriseAttestation: 0x0a,
} as const;

/** The options the spec defines for makeCredential; absent means "not sent" (defaults apply in the authenticator). */
export interface MakeCredentialOptions {
  rk?: boolean;
  up?: boolean;
  uv?: boolean;
}

export interface MakeCredentialRequest {
  clientDataHash: Uint8Array;
  rp: PublicKeyCredentialRpEntity;
  user: PublicKeyCredentialUserEntity;
  pubKeyCredParams: PublicKeyCredentialParameters[];
  excludeList?: PublicKeyCredentialDescriptor[];
  /** Extension inputs by identifier, as sent; each extension reads its own input. */
  extensions?: CborMap;
  options?: MakeCredentialOptions;
  /** Zero length is the platform's "touch to select" probe (CTAP 2.1 §6.1.2 step 1). */
  pinUvAuthParam?: Uint8Array;
  pinUvAuthProtocol?: number;
  enterpriseAttestation?: number;
}
