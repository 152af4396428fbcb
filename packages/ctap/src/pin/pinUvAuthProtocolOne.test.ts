import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor, type CborMap } from '../cbor/index.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { padPin } from './padPin.js';
import { pinHashLeft16 } from './pinHashLeft16.js';
import { pinUvAuthProtocolOne as one } from './pinUvAuthProtocolOne.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  clientPin: {
    setPin: { setPin: { request: string }; platformSecrets: { sharedSecret: string } };
    getPinToken: { getPinToken: { request: string }; platformSecrets: { sharedSecret: string } };
  };
}
const solo = firmwareVectors<Vectors>('solo');
const param = (request: string, key: number) => (decodeCbor(fromHex(request).subarray(1)) as CborMap).get(key) as Uint8Array;

const key = new Uint8Array(32).map((_, i) => i);

describe('pinUvAuthProtocolOne', () => {
  it('derives the shared secret as SHA-256(Z)', () => {
    const z = new Uint8Array(32).fill(7);
    expect(toHex(one.kdf(z))).toBe(createHash('sha256').update(z).digest('hex'));
  });

  it('encrypts deterministically (zero IV): re-encrypting the recorded solo plaintexts gives the recorded ciphertexts', () => {
    const setPinSecret = fromHex(solo.clientPin.setPin.platformSecrets.sharedSecret);
    expect(toHex(one.encrypt(setPinSecret, padPin('1234')))).toBe(toHex(param(solo.clientPin.setPin.setPin.request, 5)));
    const tokenSecret = fromHex(solo.clientPin.getPinToken.platformSecrets.sharedSecret);
    expect(toHex(one.encrypt(tokenSecret, pinHashLeft16('1234')))).toBe(toHex(param(solo.clientPin.getPinToken.getPinToken.request, 6)));
  });

  it('round-trips whole blocks and keeps the length', () => {
    const plaintext = new Uint8Array(48).map((_, i) => 255 - i);
    const ciphertext = one.encrypt(key, plaintext);
    expect(ciphertext.length).toBe(48);
    expect(toHex(one.decrypt(key, ciphertext))).toBe(toHex(plaintext));
  });

  it('authenticates with the first 16 bytes of HMAC-SHA-256', () => {
    const message = new TextEncoder().encode('clientDataHash');
    const mac = one.authenticate(key, message);
    expect(mac.length).toBe(16);
    expect(toHex(mac)).toBe(createHmac('sha256', key).update(message).digest('hex').slice(0, 32));
    // A 16-byte (protocol 1) pinUvAuthToken is a valid key too.
    expect(one.authenticate(key.subarray(0, 16), message).length).toBe(16);
  });

  it('verifies only the exact 16-byte MAC, without throwing on other lengths', () => {
    const message = new Uint8Array([1, 2, 3]);
    const mac = one.authenticate(key, message);
    const full = new Uint8Array(createHmac('sha256', key).update(message).digest());
    expect(one.verify(key, message, mac)).toBe(true);
    expect(one.verify(key, message, full)).toBe(false);
    expect(one.verify(key, message, mac.subarray(0, 15))).toBe(false);
    expect(one.verify(key, message, new Uint8Array(0))).toBe(false);
    const flipped = Uint8Array.from(mac);
    flipped[15] = flipped[15]! ^ 1;
    expect(one.verify(key, message, flipped)).toBe(false);
  });

  it('answers INVALID_PARAMETER for partial blocks and wrong key sizes', () => {
    expect(ctapStatusOf(() => one.decrypt(key, new Uint8Array(15)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => one.decrypt(key, new Uint8Array(17)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => one.decrypt(key, new Uint8Array(63)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => one.encrypt(key, new Uint8Array(10)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => one.decrypt(key.subarray(0, 16), new Uint8Array(16)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => one.encrypt(new Uint8Array(64), new Uint8Array(16)))).toBe(CtapStatus.INVALID_PARAMETER);
  });
});
