import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CborMap } from '../../cbor/CborValue.js';
import { decodeCbor } from '../../cbor/decodeCbor.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import { pinHashLeft16 } from '../../pin/pinHashLeft16.js';
import { pinUvAuthProtocolOne } from '../../pin/pinUvAuthProtocolOne.js';
import { pinUvAuthProtocolTwo } from '../../pin/pinUvAuthProtocolTwo.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodeCtap2Response } from '../ctap2Message.js';
import { decodeClientPinRequest } from './decodeClientPinRequest.js';
import { decodeClientPinResponse } from './decodeClientPinResponse.js';
import { decryptPinUvAuthToken } from './decryptPinUvAuthToken.js';
import { encodeClientPinRequest } from './encodeClientPinRequest.js';
import { makePinTokenRequest } from './makePinTokenRequest.js';

interface Recorded {
  inputs?: unknown;
  clientPin: {
    authenticatorKeyAgreementCose: string;
    getPinToken: {
      getPinToken: { request: string; response: string };
      platformSecrets: { platformPrivateKey: string; sharedSecret: string };
      pinUvAuthToken: string;
    };
  };
}
const sharedDir = new URL('../../../../../../shared/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/firmware-vectors/${name}.json`, sharedDir), 'utf8')) as Recorded;
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

describe('makePinTokenRequest', () => {
  it('reproduces solo’s recorded getPinToken (protocol 1, zero IV) byte for byte from its platform key', () => {
    const { clientPin } = load('solo');
    const recording = clientPin.getPinToken;
    const { request, sharedSecret } = makePinTokenRequest(
      pinUvAuthProtocolOne,
      decodeCbor(bytes(clientPin.authenticatorKeyAgreementCose)),
      '1234',
      {},
      KeyAgreementKeyPair.fromPrivateKeyBytes(bytes(recording.platformSecrets.platformPrivateKey)),
    );
    expect(hex(sharedSecret)).toBe(recording.platformSecrets.sharedSecret);
    expect(`06${hex(encodeCbor(encodeClientPinRequest(request)))}`).toBe(recording.getPinToken.request);
  });

  it('decrypts solo’s recorded token', () => {
    const recording = load('solo').clientPin.getPinToken;
    const response = decodeClientPinResponse(decodeCtap2Response(bytes(recording.getPinToken.response)));
    const token = decryptPinUvAuthToken(pinUvAuthProtocolOne, bytes(recording.platformSecrets.sharedSecret), response);
    expect(hex(token)).toBe(recording.pinUvAuthToken);
  });

  it('matches canokey’s recorded getPinUvAuthTokenUsingPinWithPermissions (protocol 2) but for the random IV', () => {
    const { clientPin } = load('canokey');
    const recording = clientPin.getPinToken;
    const { request, sharedSecret } = makePinTokenRequest(
      pinUvAuthProtocolTwo,
      decodeCbor(bytes(clientPin.authenticatorKeyAgreementCose)),
      '1234',
      { permissions: 3, rpId: 'example.org' },
      KeyAgreementKeyPair.fromPrivateKeyBytes(bytes(recording.platformSecrets.platformPrivateKey)),
    );
    expect(hex(sharedSecret)).toBe(recording.platformSecrets.sharedSecret);
    const recorded = decodeClientPinRequest(decodeCbor(bytes(recording.getPinToken.request).subarray(1)) as CborMap);
    const { pinHashEnc, ...rest } = request;
    const { pinHashEnc: recordedPinHashEnc, ...recordedRest } = recorded;
    expect(rest).toEqual(recordedRest);
    expect(pinHashEnc).toHaveLength(32);
    expect(hex(pinUvAuthProtocolTwo.decrypt(sharedSecret, pinHashEnc!))).toBe(hex(pinHashLeft16('1234')));
    expect(hex(pinUvAuthProtocolTwo.decrypt(sharedSecret, recordedPinHashEnc!))).toBe(hex(pinHashLeft16('1234')));

    const response = decodeClientPinResponse(decodeCtap2Response(bytes(recording.getPinToken.response)));
    expect(hex(decryptPinUvAuthToken(pinUvAuthProtocolTwo, sharedSecret, response))).toBe(recording.pinUvAuthToken);
  });

  it('uses a fresh platform key each time unless one is given', () => {
    const authenticator = new KeyAgreementKeyPair();
    const first = makePinTokenRequest(pinUvAuthProtocolTwo, authenticator.coseKey(), '1234', { permissions: 4 });
    const second = makePinTokenRequest(pinUvAuthProtocolTwo, authenticator.coseKey(), '1234', { permissions: 4 });
    expect(first.request.keyAgreement).not.toEqual(second.request.keyAgreement);
    expect(first.request.rpId).toBeUndefined();
    expect(first.request.subCommand).toBe(0x09);
  });

  it('decryptPinUvAuthToken needs a token in the response (MISSING_PARAMETER)', () => {
    expect(() => decryptPinUvAuthToken(pinUvAuthProtocolOne, new Uint8Array(32), {})).toThrowError(
      expect.objectContaining({ status: CtapStatus.MISSING_PARAMETER }),
    );
  });
});
