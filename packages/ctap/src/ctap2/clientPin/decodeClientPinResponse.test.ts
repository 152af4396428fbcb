import { describe, expect, it } from 'vitest';
import type { CborValue } from '../../cbor/CborValue.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodeCtap2Response, encodeCtap2Response } from '../ctap2Message.js';
import { ClientPinResponseKey } from './ClientPinResponse.js';
import { decodeClientPinResponse } from './decodeClientPinResponse.js';
import { encodeClientPinResponse } from './encodeClientPinResponse.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';
import { fromHex, toHex } from '../../../../../test/support/hex.js';
import { ctapReference, firmwareNames, firmwareVectors } from '../../../../../test/support/firmwareVectors.js';

const reference = ctapReference();
interface Recorded {
  clientPin: {
    setPin: { getKeyAgreement: { response: string } };
    getPinToken: { getPinToken: { response: string } };
    getPinRetries: { response: string };
    authenticatorKeyAgreementCose: string;
  };
}
const vectors = firmwareNames.map(
  (name) => [name, firmwareVectors<Recorded>(name)] as const,
);

describe('ClientPinResponseKey', () => {
  it('matches the checked reference ("Response: 01 keyAgreement, ...")', () => {
    const section = /### clientPIN \(06\)[\s\S]*?\nResponse: ([^\n]*)\./.exec(reference)?.[1];
    expect(section).toBeDefined();
    const fromReference = Object.fromEntries([...section!.matchAll(/([0-9A-F]{2}) (\w+)/g)].map((m) => [m[2], parseInt(m[1]!, 16)]));
    expect(ClientPinResponseKey).toEqual(fromReference);
  });
});

describe.each(vectors)('decodeClientPinResponse on %s’s recordings', (_name, vector) => {
  it('reads getKeyAgreement and re-encodes it byte for byte', () => {
    const recorded = vector.clientPin.setPin.getKeyAgreement.response;
    const response = decodeClientPinResponse(decodeCtap2Response(fromHex(recorded)));
    expect(response.keyAgreement?.get(1)).toBe(2);
    expect(response.keyAgreement?.get(3)).toBe(-25);
    expect(toHex(encodeCtap2Response(CtapStatus.OK, encodeClientPinResponse(response)))).toBe(recorded);
    expect(recorded.slice(6)).toBe(vector.clientPin.authenticatorKeyAgreementCose); // 00 a1 01 <COSE key>
  });

  it('reads getPINRetries', () => {
    expect(decodeClientPinResponse(decodeCtap2Response(fromHex(vector.clientPin.getPinRetries.response)))).toEqual({ pinRetries: 8 });
  });

  it('reads the encrypted token of getPinToken', () => {
    const recorded = vector.clientPin.getPinToken.getPinToken.response;
    const response = decodeClientPinResponse(decodeCtap2Response(fromHex(recorded)));
    expect(Object.keys(response)).toEqual(['pinUvAuthToken']);
    expect(toHex(encodeCtap2Response(CtapStatus.OK, encodeClientPinResponse(response)))).toBe(recorded);
  });
});

describe('decodeClientPinResponse / encodeClientPinResponse', () => {
  it('round-trips every member', () => {
    const full = {
      keyAgreement: new Map<number, CborValue>([[1, 2]]),
      pinUvAuthToken: new Uint8Array(48),
      pinRetries: 7,
      powerCycleState: true,
      uvRetries: 3,
    };
    expect([...encodeClientPinResponse(full).keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(decodeClientPinResponse(encodeClientPinResponse(full))).toEqual(full);
  });

  it('reads an empty body (setPIN, changePIN) as {}', () => {
    expect(decodeClientPinResponse(undefined)).toEqual({});
    expect(decodeClientPinResponse(decodeCtap2Response(new Uint8Array([0])))).toEqual({});
  });

  it.each<[string, number, CborValue]>([
    ['keyAgreement as bytes', 0x01, new Uint8Array(3)],
    ['pinUvAuthToken as text', 0x02, 'token'],
    ['pinRetries as text', 0x03, '8'],
    ['negative pinRetries', 0x03, -1],
    ['powerCycleState as an integer', 0x04, 1],
    ['uvRetries as a boolean', 0x05, false],
  ])('rejects %s (CBOR_UNEXPECTED_TYPE)', (_name, key, value) => {
    expect(ctapStatusOf(() => decodeClientPinResponse(new Map([[key, value]])))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });
});
