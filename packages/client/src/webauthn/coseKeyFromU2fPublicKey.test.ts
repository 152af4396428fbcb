import { createKeyPair, publicKeyFromCoseKey } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { coseKeyFromU2fPublicKey } from './coseKeyFromU2fPublicKey.js';

describe('coseKeyFromU2fPublicKey', () => {
  it('turns an uncompressed P-256 point into the same key as COSE ES256', () => {
    const { publicKey } = createKeyPair('P-256');
    const jwk = publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    const cose = coseKeyFromU2fPublicKey(new Uint8Array(point));
    expect(cose.get(3)).toBe(-7);
    expect(publicKeyFromCoseKey(cose).export({ format: 'jwk' })).toEqual(jwk);
  });

  it('is a PROTOCOL_ERROR for anything but 65 bytes starting with 04', () => {
    for (const bad of [new Uint8Array(64), new Uint8Array(65).fill(2)]) {
      expect(() => coseKeyFromU2fPublicKey(bad)).toThrow(CtapClientError);
    }
  });
});
