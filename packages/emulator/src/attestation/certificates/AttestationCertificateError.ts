/** Why an attestation certificate could not be read or issued. */
export type AttestationCertificateErrorCode =
  | 'INVALID_AAGUID'
  | 'UNSUPPORTED_KEY'
  | 'KEY_CERTIFICATE_MISMATCH'
  | 'NOT_A_CA'
  | 'CA_EXPIRED';

/**
 * A failure reading or issuing an X.509 attestation certificate. These are configuration or
 * programming errors on the emulator side, not CTAP statuses, hence not a CtapError.
 */
export class AttestationCertificateError extends Error {
  readonly code: AttestationCertificateErrorCode;

  constructor(code: AttestationCertificateErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'AttestationCertificateError';
    this.code = code;
  }
}
