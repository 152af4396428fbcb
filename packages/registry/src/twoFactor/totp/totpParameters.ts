/**
 * The one TOTP profile keybridge offers (RFC 6238): what every authenticator app understands without being told,
 * so the otpauth URI's parameters are a formality. Changing any of these invalidates every enrolled app.
 */
export const totpAlgorithm = 'SHA1';
export const totpDigits = 6;
export const totpPeriodMs = 30_000;
/** 160 bits, the HMAC-SHA-1 block-friendly size RFC 4226 recommends (32 base32 characters, no padding). */
export const totpSecretBytes = 20;
/** Codes of the current step and of this many steps either side are accepted (network delay, a slow typist). */
export const totpAcceptedSteps = 1;
/** A code of a step this far away (but beyond the accepted window) means the device's clock is wrong, not a guess. */
export const totpClockSkewSteps = 10;

/** The RFC 6238 time step (T0 = 0) of an instant in epoch milliseconds. */
export function totpStep(now: number): number {
  return Math.floor(now / totpPeriodMs);
}
