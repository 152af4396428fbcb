import { CtapClientError } from '@keybridge/client';
import { CtapError, CtapHidError, CtapHidErrorCode, CtapStatus } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { CliError } from '../program/CliError.js';
import { describeCtapError } from './describeCtapError.js';

describe('describeCtapError', () => {
  it('says how many PIN attempts are left after a wrong PIN, in the singular for one', () => {
    expect(describeCtapError(new CtapError(CtapStatus.PIN_INVALID), { pinRetries: 6 })).toBe('Wrong PIN: 6 attempts left');
    expect(describeCtapError(new CtapError(CtapStatus.PIN_INVALID), { pinRetries: 1 })).toBe('Wrong PIN: 1 attempt left');
    expect(describeCtapError(new CtapError(CtapStatus.PIN_INVALID))).toBe('Wrong PIN');
  });

  it('names the PIN blocks and what undoes them', () => {
    expect(describeCtapError(new CtapError(CtapStatus.PIN_AUTH_BLOCKED))).toBe('PIN entry blocked until the key is unplugged and plugged back in');
    expect(describeCtapError(new CtapError(CtapStatus.PIN_BLOCKED))).toBe('PIN blocked: the key must be reset');
    expect(describeCtapError(new CtapError(CtapStatus.PIN_NOT_SET))).toMatch(/^No PIN is set on this key/);
    expect(describeCtapError(new CtapError(CtapStatus.PIN_POLICY_VIOLATION), { minPinLength: 6 })).toMatch(/at least 6 characters/);
  });

  it('explains NOT_ALLOWED for reset as the 10-second window, and otherwise by operation', () => {
    expect(describeCtapError(new CtapError(CtapStatus.NOT_ALLOWED), { operation: 'reset' })).toMatch(/within 10 seconds of being plugged in/);
    expect(describeCtapError(new CtapError(CtapStatus.NOT_ALLOWED), { operation: 'setPin' })).toMatch(/already set/);
    expect(describeCtapError(new CtapError(CtapStatus.NOT_ALLOWED))).toMatch(/NOT_ALLOWED/);
  });

  it('puts touch outcomes in words', () => {
    expect(describeCtapError(new CtapError(CtapStatus.OPERATION_DENIED))).toBe('The request was denied on the key');
    expect(describeCtapError(new CtapError(CtapStatus.USER_ACTION_TIMEOUT))).toBe('Nobody touched the security key in time');
    expect(describeCtapError(new CtapError(CtapStatus.KEEPALIVE_CANCEL))).toBe('Cancelled');
  });

  it('reads every CTAPHID timeout and a client timeout as a key that stopped answering', () => {
    expect(describeCtapError(new CtapClientError('TIMEOUT', 'no answer'))).toBe('The security key stopped answering');
    expect(describeCtapError(new CtapHidError(CtapHidErrorCode.MSG_TIMEOUT))).toMatch(/^The security key stopped answering/);
    expect(describeCtapError(new CtapError(CtapStatus.TIMEOUT))).toBe('The security key stopped answering');
  });

  it('reads a timeout while the key waited for a touch as nobody touching it', () => {
    expect(describeCtapError(new CtapClientError('TIMEOUT', 'no answer'), { waitingForTouch: true })).toBe('Nobody touched the security key in time');
  });

  it('passes the client’s explanation of a missing USB library and of CLI failures through, on one line', () => {
    const hid = new CtapClientError('HID_UNAVAILABLE', 'USB HID is unavailable: libusb missing');
    expect(describeCtapError(hid)).toBe('USB HID is unavailable: libusb missing');
    expect(describeCtapError(new CliError('NO_DEVICE', 'No security key found'))).toBe('No security key found');
    expect(describeCtapError(new Error('first\nsecond'))).toBe('Unexpected error: first');
  });

  it('names an unknown status by its code and byte', () => {
    expect(describeCtapError(new CtapError(CtapStatus.INTEGRITY_FAILURE))).toBe('The security key refused the request: INTEGRITY_FAILURE (0x3d)');
  });

  it('calls a status of the vendor range vendor-specific in words, keeping the byte (canokey answers 0xF1)', () => {
    expect(describeCtapError(new CtapError(0xf1))).toBe(
      "The security key refused the request with a vendor-specific status (0xf1): only its maker's documentation says what it means",
    );
    expect(describeCtapError(new CtapError(0xe3))).toBe('The security key refused the request: EXTENSION_SPECIFIC_0xe3 (0xe3)');
  });

  it('gives every CTAP2 status a single line', () => {
    for (const status of Object.values(CtapStatus)) {
      const line = describeCtapError(new CtapError(status), { pinRetries: 3, minPinLength: 4 });
      expect(line).not.toMatch(/\n/);
      expect(line.length).toBeGreaterThan(5);
    }
  });
});
