import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap } from '../cbor/index.js';
import { CoseAlgorithm, coseKeyFromPublicKey } from '../cose/index.js';
import { createKeyPair } from '../keys/createKeyPair.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { KeyAgreementKeyPair } from './KeyAgreementKeyPair.js';
import { pinUvAuthProtocolOne } from './pinUvAuthProtocolOne.js';
import { pinUvAuthProtocolTwo } from './pinUvAuthProtocolTwo.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Secrets {
  platformPrivateKey: string;
  ecdhZ: string;
}
interface Vectors {
  clientPin: {
    authenticatorKeyAgreementCose: string;
    setPin: { setPin: { request: string }; platformSecrets: Secrets };
    getPinToken: { getPinToken: { request: string }; platformSecrets: Secrets };
  };
}
const recordings = firmwareNames.flatMap((file) => {
  const v = firmwareVectors<Vectors>(file);
  return (['setPin', 'getPinToken'] as const).map((step) => {
    const block = v.clientPin[step];
    const request = step === 'setPin' ? v.clientPin.setPin.setPin.request : v.clientPin.getPinToken.getPinToken.request;
    return {
      name: `${file} ${step}`,
      secrets: block.platformSecrets,
      sentKey: encodeCbor((decodeCbor(fromHex(request).subarray(1)) as CborMap).get(3)!),
      authenticatorKey: decodeCbor(fromHex(v.clientPin.authenticatorKeyAgreementCose)),
    };
  });
});

describe('KeyAgreementKeyPair', () => {
  it.each(recordings)('rebuilds the platform key of $name from its private scalar and reproduces Z', ({ secrets, sentKey, authenticatorKey }) => {
    const pair = KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(secrets.platformPrivateKey));
    expect(toHex(encodeCbor(pair.coseKey()))).toBe(toHex(sentKey));
    expect(toHex(pair.ecdh(authenticatorKey))).toBe(secrets.ecdhZ);
  });

  it('publishes {1:2, 3:-25, -1:1, -2:x, -3:y}', () => {
    const cose = new KeyAgreementKeyPair().coseKey();
    expect([...cose.keys()]).toEqual([1, 3, -1, -2, -3]);
    expect([cose.get(1), cose.get(3), cose.get(-1)]).toEqual([2, -25, 1]);
    expect((cose.get(-2) as Uint8Array).length).toBe(32);
    expect((cose.get(-3) as Uint8Array).length).toBe(32);
  });

  it.each([pinUvAuthProtocolOne, pinUvAuthProtocolTwo])('agrees with a peer on the shared secret (protocol $version)', (protocol) => {
    const authenticator = new KeyAgreementKeyPair();
    const platform = new KeyAgreementKeyPair();
    const secret = authenticator.decapsulate(protocol, platform.coseKey());
    expect(toHex(secret)).toBe(toHex(platform.decapsulate(protocol, authenticator.coseKey())));
    expect(secret.length).toBe(protocol.version === 1 ? 32 : 64);
  });

  it('accepts a peer key labelled ES256 (-7) as well as -25', () => {
    const authenticator = new KeyAgreementKeyPair();
    const peer = createKeyPair('P-256');
    const labelled = coseKeyFromPublicKey(peer.publicKey, CoseAlgorithm.ES256);
    const viaPair = new KeyAgreementKeyPair(peer.privateKey);
    expect(toHex(authenticator.ecdh(labelled))).toBe(toHex(viaPair.ecdh(authenticator.coseKey())));
  });

  it('regenerate() replaces the key, so the old shared secret no longer matches', () => {
    const authenticator = new KeyAgreementKeyPair();
    const platform = new KeyAgreementKeyPair();
    const before = authenticator.coseKey();
    const secretBefore = platform.decapsulate(pinUvAuthProtocolTwo, before);
    authenticator.regenerate();
    expect(toHex(encodeCbor(authenticator.coseKey()))).not.toBe(toHex(encodeCbor(before)));
    expect(toHex(authenticator.decapsulate(pinUvAuthProtocolTwo, platform.coseKey()))).not.toBe(toHex(secretBefore));
    expect(toHex(authenticator.decapsulate(pinUvAuthProtocolTwo, platform.coseKey()))).toBe(
      toHex(platform.decapsulate(pinUvAuthProtocolTwo, authenticator.coseKey())),
    );
  });

  it('hands out a copy of its COSE key', () => {
    const pair = new KeyAgreementKeyPair();
    const cose = pair.coseKey();
    cose.set(3, -7);
    (cose.get(-2) as Uint8Array).fill(0);
    expect(pair.coseKey().get(3)).toBe(-25);
    expect((pair.coseKey().get(-2) as Uint8Array).some((byte) => byte !== 0)).toBe(true);
  });

  it('rejects unusable peer keys with the COSE error codes', () => {
    const pair = new KeyAgreementKeyPair();
    const peer = new KeyAgreementKeyPair().coseKey();
    const offCurve = new Map(peer);
    const y = Uint8Array.from(peer.get(-3) as Uint8Array);
    y[0] = y[0]! ^ 0x40;
    offCurve.set(-3, y);
    expect(ctapStatusOf(() => pair.ecdh(offCurve))).toBe(CtapStatus.INVALID_PARAMETER);
    const ed = coseKeyFromPublicKey(createKeyPair('Ed25519').publicKey, CoseAlgorithm.EdDSA);
    expect(ctapStatusOf(() => pair.ecdh(ed))).toBe(CtapStatus.INVALID_PARAMETER);
    const noY = new Map(peer);
    noY.delete(-3);
    expect(ctapStatusOf(() => pair.ecdh(noY))).toBe(CtapStatus.MISSING_PARAMETER);
    expect(ctapStatusOf(() => pair.ecdh(encodeCbor(peer)))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });

  it('refuses keys that are not P-256 private keys', () => {
    expect(ctapStatusOf(() => new KeyAgreementKeyPair(createKeyPair('Ed25519').privateKey))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => new KeyAgreementKeyPair(createKeyPair('P-384').privateKey))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => new KeyAgreementKeyPair(createKeyPair('P-256').publicKey))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => KeyAgreementKeyPair.fromPrivateKeyBytes(new Uint8Array(31)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => KeyAgreementKeyPair.fromPrivateKeyBytes(new Uint8Array(32)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => KeyAgreementKeyPair.fromPrivateKeyBytes(new Uint8Array(32).fill(0xff)))).toBe(CtapStatus.INVALID_PARAMETER);
  });
});
