import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap } from '../cbor/index.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { encapsulate } from './encapsulate.js';
import { KeyAgreementKeyPair } from './KeyAgreementKeyPair.js';
import { pinUvAuthProtocol } from './pinUvAuthProtocol.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

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

describe('encapsulate', () => {
  it.each(firmwareNames)('replays the %s setPin key agreement', (file) => {
    const v = firmwareVectors<Vectors>(file);
    const { getKeyAgreement, setPin, platformSecrets } = v.clientPin.setPin;
    const authenticatorKey = (decodeCbor(fromHex(getKeyAgreement.response).subarray(1)) as CborMap).get(1)!;
    const ephemeral = KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(platformSecrets.platformPrivateKey));
    const { platformKeyAgreement, sharedSecret } = encapsulate(pinUvAuthProtocol(v.clientPin.protocol), authenticatorKey, ephemeral);
    expect(toHex(sharedSecret)).toBe(platformSecrets.sharedSecret);
    const sent = (decodeCbor(fromHex(setPin.request).subarray(1)) as CborMap).get(3)!;
    expect(toHex(encodeCbor(platformKeyAgreement))).toBe(toHex(encodeCbor(sent)));
  });

  it.each([1, 2])('gives the authenticator the same secret it derives itself (protocol %d)', (version) => {
    const protocol = pinUvAuthProtocol(version);
    const authenticator = new KeyAgreementKeyPair();
    const first = encapsulate(protocol, authenticator.coseKey());
    const second = encapsulate(protocol, authenticator.coseKey());
    expect(toHex(authenticator.decapsulate(protocol, first.platformKeyAgreement))).toBe(toHex(first.sharedSecret));
    // A fresh ephemeral key each time.
    expect(toHex(encodeCbor(first.platformKeyAgreement))).not.toBe(toHex(encodeCbor(second.platformKeyAgreement)));
    expect(toHex(first.sharedSecret)).not.toBe(toHex(second.sharedSecret));
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
