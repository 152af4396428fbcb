/** REGISTER request data: challenge parameter (32) || application parameter (32). */
export interface U2fRegisterRequest {
  challenge: Uint8Array;
  application: Uint8Array;
}

/** REGISTER response data: 05 || userPublicKey (65) || L || keyHandle (L) || attestation certificate || signature. */
export interface U2fRegisterResponse {
  /** Uncompressed P-256 point: 04 || x || y. */
  userPublicKey: Uint8Array;
  keyHandle: Uint8Array;
  /** X.509 certificate, DER. */
  attestationCertificate: Uint8Array;
  /** ECDSA signature, DER, over registerSignedData(...). */
  signature: Uint8Array;
}

/** AUTHENTICATE request data: challenge (32) || application (32) || L || keyHandle (L). P1 is the control byte. */
export interface U2fAuthenticateRequest {
  challenge: Uint8Array;
  application: Uint8Array;
  keyHandle: Uint8Array;
}

/** AUTHENTICATE response data: user presence (1) || counter (4, BE) || signature (DER). */
export interface U2fAuthenticateResponse {
  userPresence: number;
  counter: number;
  /** ECDSA signature, DER, over authenticateSignedData(...). */
  signature: Uint8Array;
}
