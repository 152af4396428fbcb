import { CtapError, CtapStatus } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { decodeDeviceResponse } from './decodeDeviceResponse.js';

describe('decodeDeviceResponse', () => {
  it('reads an OK response map, and an OK without a body as undefined', () => {
    expect(decodeDeviceResponse(Uint8Array.of(0x00, 0xa1, 0x01, 0x02), 'test')).toEqual(new Map([[1, 2]]));
    expect(decodeDeviceResponse(Uint8Array.of(0x00), 'test')).toBeUndefined();
  });

  it('turns a non-zero status into the CtapError of that status, vendor and pre-2.0 codes included', () => {
    for (const status of [CtapStatus.PIN_INVALID, 0x10, 0xf1]) {
      let error: unknown;
      try {
        decodeDeviceResponse(Uint8Array.of(status), 'test');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CtapError);
      expect((error as CtapError).status).toBe(status);
    }
    expect(() => decodeDeviceResponse(Uint8Array.of(CtapStatus.PIN_INVALID), 'x')).toThrow(expect.objectContaining({ code: 'PIN_INVALID' }));
  });

  it('calls an empty or malformed answer a PROTOCOL_ERROR, not a device status', () => {
    expect(() => decodeDeviceResponse(new Uint8Array(0), 'test')).toThrow(expect.objectContaining({ name: 'CtapClientError', code: 'PROTOCOL_ERROR' }));
    expect(() => decodeDeviceResponse(Uint8Array.of(0x00, 0xa1, 0x01), 'test')).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
    expect(() => decodeDeviceResponse(Uint8Array.of(0x00, 0x80), 'test')).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });
});
