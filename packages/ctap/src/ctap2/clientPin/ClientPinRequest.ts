import type { CborMap } from '../../cbor/CborValue.js';

/** authenticatorClientPIN request parameter keys (ctap-reference.md "clientPIN (06)"). */
export const ClientPinRequestKey = {
  pinUvAuthProtocol: 0x01,
  subCommand: 0x02,
  keyAgreement: 0x03,
  pinUvAuthParam: 0x04,
  newPinEnc: 0x05,
  pinHashEnc: 0x06,
  permissions: 0x09,
  rpId: 0x0a,
} as const;

/**
 * An authenticatorClientPIN request. Only `subCommand` is required by the codec; which other members a
 * sub-command needs is the authenticator's business (it answers MISSING_PARAMETER).
 */
export interface ClientPinRequest {
  pinUvAuthProtocol?: number;
  /** A ClientPinSubcommand value. */
  subCommand: number;
  /** The platform's key agreement public key, COSE {1:2, 3:-25, -1:1, -2:x, -3:y}. */
  keyAgreement?: CborMap;
  pinUvAuthParam?: Uint8Array;
  newPinEnc?: Uint8Array;
  pinHashEnc?: Uint8Array;
  /** PinUvAuthTokenPermissions bits. */
  permissions?: number;
  rpId?: string;
}
