import { describe, expect, it } from 'vitest';
import { firmwareVectors } from '../../../../test/support/firmwareVectors.js';
import { fromHex } from '../../../../test/support/hex.js';
import { CtapError } from './CtapError.js';
import { CTAP_STATUS_VENDOR_RANGE, CtapStatus, ctapStatusName } from './ctapStatus.js';

describe('ctapStatusName', () => {
  it('names the statuses CTAP 2.1 defines', () => {
    expect(ctapStatusName(CtapStatus.PIN_INVALID)).toBe('PIN_INVALID');
    expect(ctapStatusName(CtapStatus.OTHER)).toBe('OTHER');
  });

  it('calls F0..FF vendor-specific and E0..EF extension-specific (CTAP 2.1 §8.2), keeping the number', () => {
    expect(ctapStatusName(0xf0)).toBe('VENDOR_SPECIFIC_0xf0');
    expect(ctapStatusName(0xff)).toBe('VENDOR_SPECIFIC_0xff');
    expect(ctapStatusName(0xe0)).toBe('EXTENSION_SPECIFIC_0xe0');
    expect(ctapStatusName(0xef)).toBe('EXTENSION_SPECIFIC_0xef');
    // Just outside the ranges, and gaps among the defined codes, stay unknown.
    expect(ctapStatusName(0xdf)).toBe('UNKNOWN_0xdf');
    expect(ctapStatusName(0x50)).toBe('UNKNOWN_0x50');
    expect(ctapStatusName(0x10)).toBe('UNKNOWN_0x10');
  });

  it("names canokey's answer to an unknown command (0xF1, recorded from its firmware) vendor-specific", () => {
    const { errors } = firmwareVectors<{ errors: Record<string, { response: string; status: number }> }>('canokey');
    const status = fromHex(errors.unknownCtapCommand0x3F!.response)[0]!;
    expect(status).toBe(0xf1);
    expect(status).toBeGreaterThanOrEqual(CTAP_STATUS_VENDOR_RANGE.first);
    const error = new CtapError(status);
    expect(error).toMatchObject({ status: 0xf1, code: 'VENDOR_SPECIFIC_0xf1', message: 'CTAP2_ERR_VENDOR_SPECIFIC_0xf1' });
  });
});
