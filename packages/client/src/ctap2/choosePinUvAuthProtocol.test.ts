import type { AuthenticatorInfo } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { choosePinUvAuthProtocol } from './choosePinUvAuthProtocol.js';

const info = (pinUvAuthProtocols?: number[]): AuthenticatorInfo => ({
  versions: ['FIDO_2_1'],
  aaguid: new Uint8Array(16),
  ...(pinUvAuthProtocols ? { pinUvAuthProtocols } : {}),
});

describe('choosePinUvAuthProtocol', () => {
  it('takes the first protocol in the device’s order that is implemented', () => {
    expect(choosePinUvAuthProtocol(info([2, 1])).version).toBe(2);
    expect(choosePinUvAuthProtocol(info([1, 2])).version).toBe(1);
    expect(choosePinUvAuthProtocol(info([7, 1])).version).toBe(1);
  });

  it('assumes protocol 1 for a CTAP 2.0 device that lists none', () => {
    expect(choosePinUvAuthProtocol(info()).version).toBe(1);
  });

  it('takes a preferred protocol the device offers, and refuses one it does not', () => {
    expect(choosePinUvAuthProtocol(info([2, 1]), 1).version).toBe(1);
    expect(() => choosePinUvAuthProtocol(info([1]), 2)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => choosePinUvAuthProtocol(info([7]))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => choosePinUvAuthProtocol(info([]))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
});
