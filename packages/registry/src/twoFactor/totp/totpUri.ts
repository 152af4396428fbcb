import { totpAlgorithm, totpDigits, totpPeriodMs } from './totpParameters.js';

/**
 * The Key URI an authenticator app scans: otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6
 * &period=30. Built here rather than by otplib, which leaves the default parameters out and does not escape a colon
 * in the issuer (the label's separator). Every part is percent-encoded, spaces as %20 (apps read + literally).
 */
export function totpUri(input: { issuer: string; account: string; secret: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const parameters: Array<[string, string]> = [
    ['secret', input.secret],
    ['issuer', input.issuer],
    ['algorithm', totpAlgorithm],
    ['digits', String(totpDigits)],
    ['period', String(totpPeriodMs / 1000)],
  ];
  return `otpauth://totp/${label}?${parameters.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
}
