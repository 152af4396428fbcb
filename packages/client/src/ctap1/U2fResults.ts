import type { U2fAuthenticateResponse, U2fRegisterResponse } from '@keybridge/ctap';

/** A U2F registration: the parsed REGISTER response and the parameters it was made for. */
export interface U2fRegistration extends U2fRegisterResponse {
  challenge: Uint8Array;
  application: Uint8Array;
  /** The response data as the device sent it (without the status word). */
  raw: Uint8Array;
}

/** A U2F authentication: the parsed AUTHENTICATE response and the parameters it was made for. */
export interface U2fAssertion extends U2fAuthenticateResponse {
  challenge: Uint8Array;
  application: Uint8Array;
  keyHandle: Uint8Array;
  raw: Uint8Array;
}

/** AUTHENTICATE's control byte, as options: the default enforces user presence (P1 03). */
export interface U2fAuthenticateControlOptions {
  /** P1 07: only ask whether the key handle is the device's (see Ctap1Session.isKeyHandleKnown). */
  checkOnly?: boolean;
  /** P1 08: sign without user presence. */
  dontEnforce?: boolean;
}
