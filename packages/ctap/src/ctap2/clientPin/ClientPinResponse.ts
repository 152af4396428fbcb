import type { CborMap } from '../../cbor/CborValue.js';

/** authenticatorClientPIN response member keys (ctap-reference.md "clientPIN (06)"). */
export const ClientPinResponseKey = {
  keyAgreement: 0x01,
  pinUvAuthToken: 0x02,
  pinRetries: 0x03,
  powerCycleState: 0x04,
  uvRetries: 0x05,
} as const;

/** An authenticatorClientPIN response; which members are present depends on the sub-command. */
export interface ClientPinResponse {
  /** The authenticator's key agreement public key (getKeyAgreement). */
  keyAgreement?: CborMap;
  /** The pinUvAuthToken encrypted under the shared secret (getPinToken and friends). */
  pinUvAuthToken?: Uint8Array;
  pinRetries?: number;
  /** True when PIN entry is blocked until the authenticator is power cycled. */
  powerCycleState?: boolean;
  uvRetries?: number;
}
