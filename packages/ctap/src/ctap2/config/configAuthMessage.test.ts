import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configAuthMessage } from './configAuthMessage.js';
import { ConfigSubCommand } from './configKeys.js';
import { encodeSetMinPinLengthParams } from './encodeSetMinPinLengthParams.js';

const token = Uint8Array.from({ length: 32 }, (_, i) => i);
const hmac = (message: Uint8Array) => createHmac('sha256', token).update(message).digest('hex');

// Known answers computed with python-fido2 0.9.1 (Config._call: b"\xff"*32 + b"\x0d" + subCommand + cbor(params)).
describe('configAuthMessage', () => {
  it('is 32×0xff || 0x0d || subCommand without parameters (toggleAlwaysUv)', () => {
    const message = configAuthMessage(ConfigSubCommand.toggleAlwaysUv);
    expect(Buffer.from(message).toString('hex')).toBe(`${'ff'.repeat(32)}0d02`);
    expect(hmac(message)).toBe('32cf0f9234e40e7ac115bf2eef1a33b55404f74cb39063c9e46037fc672fd963');
  });

  it('appends the canonical CBOR of setMinPINLength parameters', () => {
    const params = encodeSetMinPinLengthParams({ newMinPinLength: 8, minPinLengthRpIds: ['example.com'], forceChangePin: true });
    const message = configAuthMessage(ConfigSubCommand.setMinPINLength, params);
    expect(Buffer.from(message).toString('hex')).toBe(`${'ff'.repeat(32)}0d03a3010802816b6578616d706c652e636f6d03f5`);
    expect(hmac(message)).toBe('daa4c68b1d661a37604f051d23b86e814c712b6e3b7d0c74234345bcf6a7ff9e');
  });

  it('carries 0xff as the vendorPrototype sub-command byte', () => {
    expect(configAuthMessage(ConfigSubCommand.vendorPrototype)[33]).toBe(0xff);
  });
});
