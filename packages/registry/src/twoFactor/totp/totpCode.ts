import { timingSafeEqual } from 'node:crypto';
import { generateSync, ScureBase32Plugin } from 'otplib';
import { totpAcceptedSteps, totpClockSkewSteps, totpDigits, totpPeriodMs, totpStep } from './totpParameters.js';

const base32 = new ScureBase32Plugin();
const codeShape = /^[0-9]{6}$/;

/** The code an authenticator app shows during `step` for a base32 secret (HOTP of the step: RFC 6238 with T0 = 0). */
export function totpCodeAt(secret: string | Uint8Array, step: number): string {
  const key = typeof secret === 'string' ? base32.decode(secret) : secret;
  return generateSync({ strategy: 'hotp', secret: key, counter: step, algorithm: 'sha1', digits: totpDigits });
}

/** Exactly six ASCII digits once whitespace is removed ("123 456"), else null (never throws, whatever it is given). */
export function normalizeTotpCode(code: unknown): string | null {
  if (typeof code !== 'string' || code.length > 64) return null;
  // Apps show codes as "123 456": spaces anywhere are how people type them.
  const digits = code.replace(/\s/g, '');
  return codeShape.test(digits) ? digits : null;
}

export type TotpMatch =
  | { kind: 'accepted'; step: number }
  | { kind: 'replayed' }
  /** offset: the code's step minus the current one (positive: the device's clock is ahead). */
  | { kind: 'skewed'; offset: number }
  | { kind: 'wrong' };

/**
 * Where a code falls around `now`. Every candidate step is computed and compared in constant time, whatever
 * matches, so the answer's timing says nothing about the code. A step at or before `lastUsedStep` is a replay.
 * Among several matches (one code in ~50,000 repeats within the window) the one nearest to now wins.
 */
export function matchTotpCode(secret: string, code: unknown, now: number, lastUsedStep: number | null): TotpMatch {
  const normalized = normalizeTotpCode(code);
  if (normalized === null) return { kind: 'wrong' };
  const given = Buffer.from(normalized, 'ascii');
  const key = base32.decode(secret);
  const current = totpStep(now);
  const matched: number[] = [];
  for (let offset = -totpClockSkewSteps; offset <= totpClockSkewSteps; offset++) {
    if (timingSafeEqual(Buffer.from(totpCodeAt(key, current + offset), 'ascii'), given)) matched.push(offset);
  }
  const nearestFirst = matched.sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  const inWindow = nearestFirst.filter((offset) => Math.abs(offset) <= totpAcceptedSteps);
  const fresh = inWindow.find((offset) => lastUsedStep === null || current + offset > lastUsedStep);
  if (fresh !== undefined) return { kind: 'accepted', step: current + fresh };
  if (inWindow.length > 0) return { kind: 'replayed' };
  const skewed = nearestFirst[0];
  return skewed === undefined ? { kind: 'wrong' } : { kind: 'skewed', offset: skewed };
}

/** What to tell someone whose code was right for another time: their device's clock, in words. */
export function clockSkewMessage(offset: number): string {
  const minutes = Math.max(1, Math.round((Math.abs(offset) * totpPeriodMs) / 60_000));
  const direction = offset > 0 ? 'ahead' : 'behind';
  return (
    `That code is for a different time: your device's clock looks about ${minutes} minute${minutes === 1 ? '' : 's'} ${direction}. ` +
    'Set its date and time to update automatically, then enter the new code'
  );
}
