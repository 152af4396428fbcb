import { generateSecret } from 'otplib';
import { describe, expect, it } from 'vitest';
import { clockSkewMessage, normalizeTotpCode, totpCodeAt } from './totpCode.js';
import { totpStep } from './totpParameters.js';
import { oathtoolCode } from '../../../../../test/support/oathtool.js';



const t0 = Date.parse('2026-12-04T12:00:00Z');

describe('totpCodeAt', () => {
  it('gives the RFC 6238 appendix B SHA-1 codes (their last 6 digits)', () => {
    const rfcSecret = Buffer.from('12345678901234567890');
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) expect(totpCodeAt(rfcSecret, totpStep(seconds * 1000))).toBe(code.slice(-6));
  });

  it("agrees with oathtool at fixed instants, and on the step's edges to the millisecond", () => {
    for (const secret of [generateSecret({ length: 20 }), generateSecret({ length: 20 }), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ']) {
      for (const at of [t0, t0 + 29_000, t0 + 30_000, Date.parse('2031-03-15T08:30:45Z'), Date.parse('2001-09-09T01:46:40Z')]) {
        expect(totpCodeAt(secret, totpStep(at))).toBe(oathtoolCode(secret, at));
      }
      // The last millisecond of a step has that step's code; the next millisecond the next step's.
      expect(totpCodeAt(secret, totpStep(t0 + 29_999))).toBe(oathtoolCode(secret, t0 + 29_000));
      expect(totpCodeAt(secret, totpStep(t0 + 30_000))).toBe(oathtoolCode(secret, t0 + 30_000));
    }
  });
});

describe('normalizeTotpCode', () => {
  it('accepts exactly six ASCII digits, whitespace removed (apps show "012 345")', () => {
    expect(normalizeTotpCode('012 345')).toBe('012345');
    expect(normalizeTotpCode('012345')).toBe('012345');
    expect(normalizeTotpCode('  012345 ')).toBe('012345');
    expect(normalizeTotpCode('\t012345\n')).toBe('012345');
  });

  it('answers null for anything else, without throwing', () => {
    const bad: unknown[] = ['', '      ', '12345', '1234567', '12 345', 'abcdef', '12345a', '+12345', '-12345', '1e5000',
      '１２３４５６', '١٢٣٤٥٦', '12345\u0000', '9'.repeat(100_000), null, undefined, 123456, ['123456'], { code: '123456' }];
    for (const code of bad) expect(normalizeTotpCode(code), String(code).slice(0, 20)).toBeNull();
  });
});

describe('clockSkewMessage', () => {
  it("says which way the device's clock is off, and by about how much", () => {
    expect(clockSkewMessage(2)).toContain('about 1 minute ahead');
    expect(clockSkewMessage(-2)).toContain('about 1 minute behind');
    expect(clockSkewMessage(-4)).toContain('about 2 minutes behind');
    expect(clockSkewMessage(10)).toContain('about 5 minutes ahead');
  });
});
