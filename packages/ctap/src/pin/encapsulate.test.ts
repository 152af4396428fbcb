import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap } from '../cbor/index.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { encapsulate } from './encapsulate.js';
import { KeyAgreementKeyPair } from './KeyAgreementKeyPair.js';
import { pinUvAuthProtocol } from './pinUvAuthProtocol.js';

const vectorsDir = new URL('../../../../../shared/fixtures/firmware-vectors/', import.meta.url);
interface Vectors {
  clientPin: {
    protocol: number;
    setPin: {
      getKeyAgreement: { response: string };
      setPin: { request: string };
      platformSecrets: { platformPrivateKey: string; sharedSecret: string };
    };
  };
}
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

describe('encapsulate', () => {
  it.each(['solo.json', 'canokey.json'])('replays the %s setPin key agreement', (file) => {
    const v = JSON.parse(readFileSync(new URL(file, vectorsDir), 'utf8')) as Vectors;
    const { getKeyAgreement, setPin, platformSecrets } = v.clientPin.setPin;
    const authenticatorKey = (decodeCbor(bytes(getKeyAgreement.response).subarray(1)) as CborMap).get(1)!;
    const ephemeral = KeyAgreementKeyPair.fromPrivateKeyBytes(bytes(platformSecrets.platformPrivateKey));
    const { platformKeyAgreement, sharedSecret } = encapsulate(pinUvAuthProtocol(v.clientPin.protocol), authenticatorKey, ephemeral);
    expect(hex(sharedSecret)).toBe(platformSecrets.sharedSecret);
    const sent = (decodeCbor(bytes(setPin.request).subarray(1)) as CborMap).get(3)!;
    expect(hex(encodeCbor(platformKeyAgreement))).toBe(hex(encodeCbor(sent)));
  });

  it.each([1, 2])('gives the authenticator the same secret it derives itself (protocol %d)', (version) => {
    const protocol = pinUvAuthProtocol(version);
    const authenticator = new KeyAgreementKeyPair();
    const first = encapsulate(protocol, authenticator.coseKey());
    const second = encapsulate(protocol, authenticator.coseKey());
    expect(hex(authenticator.decapsulate(protocol, first.platformKeyAgreement))).toBe(hex(first.sharedSecret));
    // A fresh ephemeral key each time.
    expect(hex(encodeCbor(first.platformKeyAgreement))).not.toBe(hex(encodeCbor(second.platformKeyAgreement)));
    expect(hex(first.sharedSecret)).not.toBe(hex(second.sharedSecret));
  });

  it('rejects an authenticator key that is not a COSE map', () => {
    const call = () => encapsulate(pinUvAuthProtocol(1), 'not a key');
    expect(call).toThrow(CtapError);
    try {
      call();
    } catch (error) {
      expect((error as CtapError).status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    }
  });
});
