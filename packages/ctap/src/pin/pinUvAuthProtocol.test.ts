import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../cbor/index.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { KeyAgreementKeyPair } from './KeyAgreementKeyPair.js';
import { padPin } from './padPin.js';
import { pinHashLeft16 } from './pinHashLeft16.js';
import { pinUvAuthProtocol } from './pinUvAuthProtocol.js';
import { pinUvAuthProtocolOne } from './pinUvAuthProtocolOne.js';
import { pinUvAuthProtocolTwo } from './pinUvAuthProtocolTwo.js';
import { unpadPin } from './unpadPin.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareVectors } from '../../../../test/support/firmwareVectors.js';

/**
 * Known-answer tests from real firmware (../shared/fixtures/firmware-vectors): solo speaks protocol 1,
 * canokey protocol 2. The recorded platform private keys make every derivation reproducible offline.
 */

interface Exchange {
  request: string;
  response: string;
}
interface PlatformSecrets {
  platformPrivateKey: string;
  ecdhZ: string;
  sharedSecret: string;
}
interface Vectors {
  inputs: { pin: string; pinUvAuthProtocol: number; clientDataHash: { create: string; get: string } };
  clientPin: {
    protocol: number;
    authenticatorKeyAgreementCose: string;
    setPin: { getKeyAgreement: Exchange; setPin: Exchange; platformSecrets: PlatformSecrets };
    getPinToken: { getKeyAgreement: Exchange; getPinToken: Exchange; platformSecrets: PlatformSecrets; pinUvAuthToken: string };
  };
  makeCredential: { pinUvAuthParam: string; exchange: Exchange };
  getAssertion: { pinUvAuthToken: string; pinUvAuthParam: string; exchange: Exchange };
  errors: { wrongPin: { pinTried: string; getKeyAgreement: Exchange; getPinToken: Exchange; platformSecrets: PlatformSecrets } };
}


/** Parameter `key` of a CTAP2 request (command byte || CBOR map) or response (status byte || CBOR map). */
function member(message: string, key: number): CborValue {
  const value = (decodeCbor(fromHex(message).subarray(1)) as CborMap).get(key);
  if (value === undefined) throw new Error(`no member ${key}`);
  return value;
}
const memberBytes = (message: string, key: number) => member(message, key) as Uint8Array;

const cases = [
  { file: 'solo' as const, protocol: pinUvAuthProtocolOne },
  { file: 'canokey' as const, protocol: pinUvAuthProtocolTwo },
].map(({ file, protocol }) => ({ file, protocol, v: firmwareVectors<Vectors>(file) }));

describe.each(cases)('PIN/UV auth protocol known answers from $file', ({ protocol, v }) => {
  it('is the protocol the recording used', () => {
    expect(protocol.version).toBe(v.clientPin.protocol);
    expect(pinUvAuthProtocol(v.inputs.pinUvAuthProtocol)).toBe(protocol);
  });

  it.each(['setPin', 'getPinToken'] as const)('%s: ECDH(platform key, authenticator key) = ecdhZ and kdf(Z) = sharedSecret', (step) => {
    const { platformSecrets, getKeyAgreement } = v.clientPin[step];
    const authenticatorKey = member(getKeyAgreement.response, 1);
    expect(toHex(encodeCbor(authenticatorKey))).toBe(v.clientPin.authenticatorKeyAgreementCose);
    const platform = KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(platformSecrets.platformPrivateKey));
    const z = platform.ecdh(authenticatorKey);
    expect(toHex(z)).toBe(platformSecrets.ecdhZ);
    expect(toHex(protocol.kdf(z))).toBe(platformSecrets.sharedSecret);
    expect(toHex(protocol.kdf(z)).length).toBe(protocol.version === 1 ? 64 : 128);
  });

  it('setPin: newPinEnc decrypts to the padded PIN and pinUvAuthParam = authenticate(sharedSecret, newPinEnc)', () => {
    const { setPin, platformSecrets } = v.clientPin.setPin;
    const sharedSecret = fromHex(platformSecrets.sharedSecret);
    const newPinEnc = memberBytes(setPin.request, 5);
    const pinUvAuthParam = memberBytes(setPin.request, 4);
    const paddedPin = protocol.decrypt(sharedSecret, newPinEnc);
    expect(toHex(paddedPin)).toBe(toHex(padPin(v.inputs.pin)));
    expect(unpadPin(paddedPin)).toBe('1234');
    expect(toHex(protocol.authenticate(sharedSecret, newPinEnc))).toBe(toHex(pinUvAuthParam));
    expect(protocol.verify(sharedSecret, newPinEnc, pinUvAuthParam)).toBe(true);
    expect(protocol.verify(sharedSecret, newPinEnc.subarray(1), pinUvAuthParam)).toBe(false);
  });

  it('getPinToken: pinHashEnc decrypts to LEFT(SHA-256("1234"), 16) and the token decrypts to pinUvAuthToken', () => {
    const { getPinToken, platformSecrets, pinUvAuthToken } = v.clientPin.getPinToken;
    const sharedSecret = fromHex(platformSecrets.sharedSecret);
    const pinHash = protocol.decrypt(sharedSecret, memberBytes(getPinToken.request, 6));
    expect(toHex(pinHash)).toBe(createHash('sha256').update('1234').digest('hex').slice(0, 32));
    expect(toHex(pinHash)).toBe(toHex(pinHashLeft16(v.inputs.pin)));
    expect(toHex(protocol.decrypt(sharedSecret, memberBytes(getPinToken.response, 2)))).toBe(pinUvAuthToken);
  });

  it('wrong PIN: pinHashEnc decrypts to the hash of the PIN tried', () => {
    const { getKeyAgreement, getPinToken, platformSecrets, pinTried } = v.errors.wrongPin;
    const platform = KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(platformSecrets.platformPrivateKey));
    const sharedSecret = platform.decapsulate(protocol, member(getKeyAgreement.response, 1));
    expect(toHex(sharedSecret)).toBe(platformSecrets.sharedSecret);
    expect(toHex(protocol.decrypt(sharedSecret, memberBytes(getPinToken.request, 6)))).toBe(toHex(pinHashLeft16(pinTried)));
  });

  it('makeCredential pinUvAuthParam = authenticate(token, clientDataHash)', () => {
    const token = fromHex(v.clientPin.getPinToken.pinUvAuthToken);
    const clientDataHash = fromHex(v.inputs.clientDataHash.create);
    expect(toHex(memberBytes(v.makeCredential.exchange.request, 1))).toBe(v.inputs.clientDataHash.create);
    expect(toHex(protocol.authenticate(token, clientDataHash))).toBe(v.makeCredential.pinUvAuthParam);
    expect(toHex(memberBytes(v.makeCredential.exchange.request, 8))).toBe(v.makeCredential.pinUvAuthParam);
    expect(protocol.verify(token, clientDataHash, fromHex(v.makeCredential.pinUvAuthParam))).toBe(true);
  });

  it('getAssertion pinUvAuthParam = authenticate(fresh token, clientDataHash)', () => {
    const token = fromHex(v.getAssertion.pinUvAuthToken);
    const clientDataHash = fromHex(v.inputs.clientDataHash.get);
    expect(toHex(protocol.authenticate(token, clientDataHash))).toBe(v.getAssertion.pinUvAuthParam);
    expect(toHex(memberBytes(v.getAssertion.exchange.request, 6))).toBe(v.getAssertion.pinUvAuthParam);
    expect(protocol.verify(token, clientDataHash, fromHex(v.getAssertion.pinUvAuthParam))).toBe(true);
    const otherToken = Uint8Array.from(token);
    otherToken[0] = otherToken[0]! ^ 0x80;
    expect(protocol.verify(otherToken, clientDataHash, fromHex(v.getAssertion.pinUvAuthParam))).toBe(false);
  });
});

describe('pinUvAuthProtocol', () => {
  it('selects protocols 1 and 2', () => {
    expect(pinUvAuthProtocol(1).version).toBe(1);
    expect(pinUvAuthProtocol(2).version).toBe(2);
  });

  it.each([0, 3, -1, 1.5, Number.NaN])('rejects protocol %s with INVALID_PARAMETER', (version) => {
    expect(() => pinUvAuthProtocol(version)).toThrow(CtapError);
    try {
      pinUvAuthProtocol(version);
    } catch (error) {
      expect((error as CtapError).status).toBe(CtapStatus.INVALID_PARAMETER);
    }
  });
});
