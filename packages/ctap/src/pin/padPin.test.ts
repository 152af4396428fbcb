import { describe, expect, it } from 'vitest';
import { CtapStatus } from '../status/ctapStatus.js';
import { padPin } from './padPin.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';

describe('padPin', () => {
  it('zero-pads the UTF-8 PIN to 64 bytes', () => {
    const padded = padPin('1234');
    expect(padded.length).toBe(64);
    expect(Buffer.from(padded).toString('hex')).toBe('31323334' + '00'.repeat(60));
  });

  it('counts code points for the minimum and UTF-8 bytes for the maximum', () => {
    // Four code points, 16 bytes of UTF-8 (emoji outside the BMP count once, not twice).
    expect(padPin('😀😀😀😀').subarray(0, 16)).toEqual(new Uint8Array(Buffer.from('😀😀😀😀', 'utf8')));
    expect(ctapStatusOf(() => padPin('😀😀😀'))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(ctapStatusOf(() => padPin('123'))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(ctapStatusOf(() => padPin(''))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(padPin('x'.repeat(63))[62]).toBe(0x78);
    expect(padPin('x'.repeat(63))[63]).toBe(0);
    expect(ctapStatusOf(() => padPin('x'.repeat(64)))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    // 21 three-byte characters = 63 bytes fit, 22 = 66 bytes do not.
    expect(ctapStatusOf(() => padPin('€'.repeat(21)))).toBe(CtapStatus.OK);
    expect(ctapStatusOf(() => padPin('€'.repeat(22)))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
  });

  it('refuses U+0000, which the zero padding could not tell apart', () => {
    expect(ctapStatusOf(() => padPin('12\u000034'))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
  });
});
