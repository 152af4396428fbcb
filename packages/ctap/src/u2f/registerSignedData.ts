/** What a REGISTER signature covers: 00 || application || challenge || keyHandle || userPublicKey. */
export function registerSignedData(application: Uint8Array, challenge: Uint8Array, keyHandle: Uint8Array, userPublicKey: Uint8Array): Uint8Array {
  return new Uint8Array([0x00, ...application, ...challenge, ...keyHandle, ...userPublicKey]);
}
