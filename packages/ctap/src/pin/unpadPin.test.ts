import { describe, expect, it } from 'vitest';
import { CtapStatus } from '../status/ctapStatus.js';
import { padPin } from './padPin.js';
import { unpadPin } from './unpadPin.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';

function padded(content: number[]): Uint8Array {
  const out = new Uint8Array(64);
  out.set(content);
  return out;
}

describe('unpadPin', () => {
  it.each(['1234', 'correct horse battery staple', 'pïn€😀', 'x'.repeat(63)])('inverts padPin for %s', (pin) => {
    expect(unpadPin(padPin(pin))).toBe(pin);
  });

  it('requires exactly 64 bytes (INVALID_PARAMETER)', () => {
    expect(ctapStatusOf(() => unpadPin(padPin('1234').subarray(0, 63)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => unpadPin(new Uint8Array([...padPin('1234'), 0])))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => unpadPin(new Uint8Array(0)))).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('answers PIN_POLICY_VIOLATION for PINs outside the policy', () => {
    expect(ctapStatusOf(() => unpadPin(new Uint8Array(64)))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(ctapStatusOf(() => unpadPin(padded([0x31, 0x32, 0x33])))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(ctapStatusOf(() => unpadPin(new Uint8Array(64).fill(0x31)))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
  });

  it('answers PIN_POLICY_VIOLATION for non-zero bytes after the padding starts', () => {
    expect(ctapStatusOf(() => unpadPin(padded([0x31, 0x32, 0x33, 0x34, 0, 0x35])))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    const trailing = padPin('1234');
    trailing[63] = 1;
    expect(ctapStatusOf(() => unpadPin(trailing))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
  });

  it('answers PIN_POLICY_VIOLATION for invalid UTF-8', () => {
    expect(ctapStatusOf(() => unpadPin(padded([0x31, 0x32, 0x33, 0xff])))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(ctapStatusOf(() => unpadPin(padded([0x31, 0x32, 0x33, 0xe2, 0x82])))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
  });
});
