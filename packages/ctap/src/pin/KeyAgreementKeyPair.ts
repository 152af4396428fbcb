import { createECDH, createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import type { CborValue } from '../cbor/index.js';
import { coseKeyAgreementFromPublicKey, publicKeyFromCoseKey, type CoseKey } from '../cose/index.js';
import { createKeyPair } from '../keys/createKeyPair.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { PinUvAuthProtocol } from './pinUvAuthProtocol.js';

function generatePrivateKey(): KeyObject {
  return createKeyPair('P-256').privateKey;
}

/**
 * A P-256 ECDH key pair for clientPIN key agreement. The authenticator keeps one (getKeyAgreement answers with
 * coseKey(), regenerate() renews it at power-up and after a wrong PIN); a platform makes an ephemeral one
 * per encapsulate(). One pair serves both protocols: they differ only in the KDF applied to Z.
 */
export class KeyAgreementKeyPair {
  private privateKey: KeyObject;
  private publicCoseKey: CoseKey;

  /** A fresh random key pair, or one around an existing P-256 private key. */
  constructor(privateKey: KeyObject = generatePrivateKey()) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new CtapError(CtapStatus.INVALID_PARAMETER, 'key agreement needs a P-256 private key');
    }
    this.privateKey = privateKey;
    this.publicCoseKey = coseKeyAgreementFromPublicKey(privateKey);
  }

  /** The pair for a raw 32-byte P-256 private scalar (e.g. a recorded platform key, to replay a test vector). */
  static fromPrivateKeyBytes(d: Uint8Array): KeyAgreementKeyPair {
    if (d.length !== 32) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'P-256 private key must be 32 bytes');
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    let privateKey: KeyObject;
    try {
      // createECDH derives the public point (a JWK private key needs it) and rejects 0 and scalars >= n.
      const ecdh = createECDH('prime256v1');
      ecdh.setPrivateKey(d);
      const point = ecdh.getPublicKey();
      privateKey = createPrivateKey({
        key: { kty: 'EC', crv: 'P-256', d: b64(d), x: b64(point.subarray(1, 33)), y: b64(point.subarray(33, 65)) },
        format: 'jwk',
      });
    } catch {
      throw new CtapError(CtapStatus.INVALID_PARAMETER, 'not a valid P-256 private key');
    }
    return new KeyAgreementKeyPair(privateKey);
  }

  /** The public key as COSE {1:2, 3:-25, -1:1, -2:x, -3:y}; a copy, so callers cannot alter the pair. */
  coseKey(): CoseKey {
    return new Map([...this.publicCoseKey].map(([label, value]) => [label, value instanceof Uint8Array ? value.slice() : value]));
  }

  /** The public key as a KeyObject. */
  publicKey(): KeyObject {
    return createPublicKey(this.privateKey);
  }

  /** Replaces the pair with a fresh random one; the old public key stops working. */
  regenerate(): void {
    this.privateKey = generatePrivateKey();
    this.publicCoseKey = coseKeyAgreementFromPublicKey(this.privateKey);
  }

  /**
   * Z: the 32-byte x-coordinate of the ECDH point with the peer's COSE key. The peer key must be a valid
   * P-256 point (alg -25 or -7); anything else is an error as publicKeyFromCoseKey defines.
   */
  ecdh(peerKey: CborValue): Uint8Array {
    const publicKey = publicKeyFromCoseKey(peerKey);
    if (publicKey.asymmetricKeyType !== 'ec') throw new CtapError(CtapStatus.INVALID_PARAMETER, 'key agreement needs a P-256 key');
    return new Uint8Array(diffieHellman({ privateKey: this.privateKey, publicKey }));
  }

  /** The shared secret with the peer's key under `protocol` (CTAP 2.1 §6.5.6 decapsulate). */
  decapsulate(protocol: PinUvAuthProtocol, peerKey: CborValue): Uint8Array {
    return protocol.kdf(this.ecdh(peerKey));
  }
}
