import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/**
 * Known-answer tests from real firmware (../shared/fixtures/firmware-vectors): solo speaks protocol 1,
 * canokey protocol 2. The recorded platform private keys make every derivation reproducible offline.
 */
const vectorsDir = new URL('../../../../../shared/fixtures/firmware-vectors/', import.meta.url);

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

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

/** Parameter `key` of a CTAP2 request (command byte || CBOR map) or response (status byte || CBOR map). */
function member(message: string, key: number): CborValue {
  const value = (decodeCbor(bytes(message).subarray(1)) as CborMap).get(key);
  if (value === undefined) throw new Error(`no member ${key}`);
  return value;
}
const memberBytes = (message: string, key: number) => member(message, key) as Uint8Array;

const cases = [
  { file: 'solo.json', protocol: pinUvAuthProtocolOne },
  { file: 'canokey.json', protocol: pinUvAuthProtocolTwo },
].map(({ file, protocol }) => ({ file, protocol, v: JSON.parse(readFileSync(new URL(file, vectorsDir), 'utf8')) as Vectors }));

describe.each(cases)('PIN/UV auth protocol known answers from $file', ({ protocol, v }) => {
  it('is the protocol the recording used', () => {
    expect(protocol.version).toBe(v.clientPin.protocol);
    expect(pinUvAuthProtocol(v.inputs.pinUvAuthProtocol)).toBe(protocol);
  });

  it.each(['setPin', 'getPinToken'] as const)('%s: ECDH(platform key, authenticator key) = ecdhZ and kdf(Z) = sharedSecret', (step) => {
    const { platformSecrets, getKeyAgreement } = v.clientPin[step];
    const authenticatorKey = member(getKeyAgreement.response, 1);
    expect(hex(encodeCbor(authenticatorKey))).toBe(v.clientPin.authenticatorKeyAgreementCose);
    const platform = KeyAgreementKeyPair.fromPrivateKeyBytes(bytes(platformSecrets.platformPrivateKey));
    const z = platform.ecdh(authenticatorKey);
    expect(hex(z)).toBe(platformSecrets.ecdhZ);
    expect(hex(protocol.kdf(z))).toBe(platformSecrets.sharedSecret);
    expect(hex(protocol.kdf(z)).length).toBe(protocol.version === 1 ? 64 : 128);
  });

  it('setPin: newPinEnc decrypts to the padded PIN and pinUvAuthParam = authenticate(sharedSecret, newPinEnc)', () => {
    const { setPin, platformSecrets } = v.clientPin.setPin;
    const sharedSecret = bytes(platformSecrets.sharedSecret);
    const newPinEnc = memberBytes(setPin.request, 5);
    const pinUvAuthParam = memberBytes(setPin.request, 4);
    const paddedPin = protocol.decrypt(sharedSecret, newPinEnc);
    expect(hex(paddedPin)).toBe(hex(padPin(v.inputs.pin)));
    expect(unpadPin(paddedPin)).toBe('1234');
    expect(hex(protocol.authenticate(sharedSecret, newPinEnc))).toBe(hex(pinUvAuthParam));
    expect(protocol.verify(sharedSecret, newPinEnc, pinUvAuthParam)).toBe(true);
    expect(protocol.verify(sharedSecret, newPinEnc.subarray(1), pinUvAuthParam)).toBe(false);
  });

  it('getPinToken: pinHashEnc decrypts to LEFT(SHA-256("1234"), 16) and the token decrypts to pinUvAuthToken', () => {
    const { getPinToken, platformSecrets, pinUvAuthToken } = v.clientPin.getPinToken;
    const sharedSecret = bytes(platformSecrets.sharedSecret);
    const pinHash = protocol.decrypt(sharedSecret, memberBytes(getPinToken.request, 6));
    expect(hex(pinHash)).toBe(createHash('sha256').update('1234').digest('hex').slice(0, 32));
    expect(hex(pinHash)).toBe(hex(pinHashLeft16(v.inputs.pin)));
    expect(hex(protocol.decrypt(sharedSecret, memberBytes(getPinToken.response, 2)))).toBe(pinUvAuthToken);
  });

  it('wrong PIN: pinHashEnc decrypts to the hash of the PIN tried', () => {
    const { getKeyAgreement, getPinToken, platformSecrets, pinTried } = v.errors.wrongPin;
    const platform = KeyAgreementKeyPair.fromPrivateKeyBytes(bytes(platformSecrets.platformPrivateKey));
    const sharedSecret = platform.decapsulate(protocol, member(getKeyAgreement.response, 1));
    expect(hex(sharedSecret)).toBe(platformSecrets.sharedSecret);
    expect(hex(protocol.decrypt(sharedSecret, memberBytes(getPinToken.request, 6)))).toBe(hex(pinHashLeft16(pinTried)));
  });

  it('makeCredential pinUvAuthParam = authenticate(token, clientDataHash)', () => {
    const token = bytes(v.clientPin.getPinToken.pinUvAuthToken);
    const clientDataHash = bytes(v.inputs.clientDataHash.create);
    expect(hex(memberBytes(v.makeCredential.exchange.request, 1))).toBe(v.inputs.clientDataHash.create);
    expect(hex(protocol.authenticate(token, clientDataHash))).toBe(v.makeCredential.pinUvAuthParam);
    expect(hex(memberBytes(v.makeCredential.exchange.request, 8))).toBe(v.makeCredential.pinUvAuthParam);
    expect(protocol.verify(token, clientDataHash, bytes(v.makeCredential.pinUvAuthParam))).toBe(true);
  });

  it('getAssertion pinUvAuthParam = authenticate(fresh token, clientDataHash)', () => {
    const token = bytes(v.getAssertion.pinUvAuthToken);
    const clientDataHash = bytes(v.inputs.clientDataHash.get);
    expect(hex(protocol.authenticate(token, clientDataHash))).toBe(v.getAssertion.pinUvAuthParam);
    expect(hex(memberBytes(v.getAssertion.exchange.request, 6))).toBe(v.getAssertion.pinUvAuthParam);
    expect(protocol.verify(token, clientDataHash, bytes(v.getAssertion.pinUvAuthParam))).toBe(true);
    const otherToken = Uint8Array.from(token);
    otherToken[0] = otherToken[0]! ^ 0x80;
    expect(protocol.verify(otherToken, clientDataHash, bytes(v.getAssertion.pinUvAuthParam))).toBe(false);
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
