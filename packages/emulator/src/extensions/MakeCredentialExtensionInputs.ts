/** The makeCredential extension inputs the emulator understands (CTAP 2.1 §12); unknown ones are ignored. */
export interface MakeCredentialExtensionInputs {
  /** credProtect level 1, 2 or 3. */
  credProtect?: number;
  /** hmac-secret: true asks for CredRandoms to be made. */
  hmacSecret?: boolean;
  /** credBlob: the bytes to store with the credential. */
  credBlob?: Uint8Array;
  /** minPinLength: true asks for the current minimum PIN length (for RPs allowed to see it). */
  minPinLength?: boolean;
}
