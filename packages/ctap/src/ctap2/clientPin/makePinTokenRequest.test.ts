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
import { fromHex, toHex } from '../../../../../test/support/hex.js';
import { firmwareVectors, type FirmwareName } from '../../../../../test/support/firmwareVectors.js';

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
const load = (name: FirmwareName) => firmwareVectors<Recorded>(name);

describe('makePinTokenRequest', () => {
  it('reproduces solo’s recorded getPinToken (protocol 1, zero IV) byte for byte from its platform key', () => {
    const { clientPin } = load('solo');
    const recording = clientPin.getPinToken;
    const { request, sharedSecret } = makePinTokenRequest(
      pinUvAuthProtocolOne,
      decodeCbor(fromHex(clientPin.authenticatorKeyAgreementCose)),
      '1234',
      {},
      KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(recording.platformSecrets.platformPrivateKey)),
    );
    expect(toHex(sharedSecret)).toBe(recording.platformSecrets.sharedSecret);
    expect(`06${toHex(encodeCbor(encodeClientPinRequest(request)))}`).toBe(recording.getPinToken.request);
  });

  it('decrypts solo’s recorded token', () => {
    const recording = load('solo').clientPin.getPinToken;
    const response = decodeClientPinResponse(decodeCtap2Response(fromHex(recording.getPinToken.response)));
    const token = decryptPinUvAuthToken(pinUvAuthProtocolOne, fromHex(recording.platformSecrets.sharedSecret), response);
    expect(toHex(token)).toBe(recording.pinUvAuthToken);
  });

  it('matches canokey’s recorded getPinUvAuthTokenUsingPinWithPermissions (protocol 2) but for the random IV', () => {
    const { clientPin } = load('canokey');
    const recording = clientPin.getPinToken;
    const { request, sharedSecret } = makePinTokenRequest(
      pinUvAuthProtocolTwo,
      decodeCbor(fromHex(clientPin.authenticatorKeyAgreementCose)),
      '1234',
      { permissions: 3, rpId: 'example.org' },
      KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(recording.platformSecrets.platformPrivateKey)),
    );
    expect(toHex(sharedSecret)).toBe(recording.platformSecrets.sharedSecret);
    const recorded = decodeClientPinRequest(decodeCbor(fromHex(recording.getPinToken.request).subarray(1)) as CborMap);
    const { pinHashEnc, ...rest } = request;
    const { pinHashEnc: recordedPinHashEnc, ...recordedRest } = recorded;
    expect(rest).toEqual(recordedRest);
    expect(pinHashEnc).toHaveLength(32);
    expect(toHex(pinUvAuthProtocolTwo.decrypt(sharedSecret, pinHashEnc!))).toBe(toHex(pinHashLeft16('1234')));
    expect(toHex(pinUvAuthProtocolTwo.decrypt(sharedSecret, recordedPinHashEnc!))).toBe(toHex(pinHashLeft16('1234')));

    const response = decodeClientPinResponse(decodeCtap2Response(fromHex(recording.getPinToken.response)));
    expect(toHex(decryptPinUvAuthToken(pinUvAuthProtocolTwo, sharedSecret, response))).toBe(recording.pinUvAuthToken);
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
