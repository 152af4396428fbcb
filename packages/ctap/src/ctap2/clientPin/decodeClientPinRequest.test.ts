import { describe, expect, it } from 'vitest';
import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { decodeCbor } from '../../cbor/decodeCbor.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { ClientPinRequestKey } from './ClientPinRequest.js';
import { decodeClientPinRequest } from './decodeClientPinRequest.js';
import { encodeClientPinRequest } from './encodeClientPinRequest.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';
import { fromHex, toHex } from '../../../../../test/support/hex.js';
import { ctapReference, firmwareNames, firmwareVectors } from '../../../../../test/support/firmwareVectors.js';

const reference = ctapReference();
const vectors = Object.fromEntries(
  firmwareNames.map((name) => [name, firmwareVectors(name)]),
) as Record<'solo' | 'canokey', { clientPin: { setPin: { setPin: { request: string } }; getPinToken: { getPinToken: { request: string } } } }>;

/** The CBOR parameters of a recorded clientPIN request (its first byte is the command 06). */
const parametersOf = (request: string) => decodeCbor(fromHex(request).subarray(1)) as CborMap;

describe('ClientPinRequestKey', () => {
  it('matches the checked reference ("Request: 01 pinUvAuthProtocol, ...")', () => {
    const section = /### clientPIN \(06\)\nRequest: ([^\n]*(?:\n[^\n]*)?)\./.exec(reference)?.[1];
    expect(section).toBeDefined();
    const fromReference = Object.fromEntries([...section!.matchAll(/([0-9A-F]{2}) (\w+)/g)].map((m) => [m[2], parseInt(m[1]!, 16)]));
    expect(ClientPinRequestKey).toEqual(fromReference);
  });
});

describe('decodeClientPinRequest / encodeClientPinRequest', () => {
  it('reads solo’s recorded setPIN (protocol 1) and encodes it back byte for byte', () => {
    const recorded = vectors.solo.clientPin.setPin.setPin.request;
    const request = decodeClientPinRequest(parametersOf(recorded));
    expect(request.pinUvAuthProtocol).toBe(1);
    expect(request.subCommand).toBe(0x03);
    expect(request.keyAgreement?.get(3)).toBe(-25);
    expect(request.pinUvAuthParam).toHaveLength(16);
    expect(request.newPinEnc).toHaveLength(64);
    expect(request.pinHashEnc).toBeUndefined();
    expect(`06${toHex(encodeCbor(encodeClientPinRequest(request)))}`).toBe(recorded);
  });

  it('reads canokey’s recorded getPinUvAuthTokenUsingPinWithPermissions (protocol 2) and encodes it back', () => {
    const recorded = vectors.canokey.clientPin.getPinToken.getPinToken.request;
    const request = decodeClientPinRequest(parametersOf(recorded));
    expect(request).toMatchObject({ pinUvAuthProtocol: 2, subCommand: 0x09, permissions: 3, rpId: 'example.org' });
    expect(request.pinHashEnc).toHaveLength(32); // random IV (16) + one AES block
    expect(`06${toHex(encodeCbor(encodeClientPinRequest(request)))}`).toBe(recorded);
  });

  it('reads solo’s legacy getPinToken (no permissions, no rpId)', () => {
    const request = decodeClientPinRequest(parametersOf(vectors.solo.clientPin.getPinToken.getPinToken.request));
    expect(request.subCommand).toBe(0x05);
    expect(request.permissions).toBeUndefined();
    expect(request.rpId).toBeUndefined();
  });

  it('round-trips every member and leaves absent ones out', () => {
    const full = {
      pinUvAuthProtocol: 2,
      subCommand: 9,
      keyAgreement: new Map<number, CborValue>([[1, 2]]),
      pinUvAuthParam: new Uint8Array([1]),
      newPinEnc: new Uint8Array([2]),
      pinHashEnc: new Uint8Array([3]),
      permissions: 0x21,
      rpId: 'example.org',
    };
    expect([...encodeClientPinRequest(full).keys()]).toEqual([1, 2, 3, 4, 5, 6, 9, 10]);
    expect(decodeClientPinRequest(encodeClientPinRequest(full))).toEqual(full);
    expect(encodeClientPinRequest({ subCommand: 1 })).toEqual(new Map([[2, 1]]));
    expect(decodeClientPinRequest(new Map<number, CborValue>([[2, 1], [0x20, 'unknown']]))).toEqual({ subCommand: 1 });
  });

  it('requires subCommand (MISSING_PARAMETER)', () => {
    expect(ctapStatusOf(() => decodeClientPinRequest(new Map([[1, 2]])))).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it.each<[string, number, CborValue]>([
    ['pinUvAuthProtocol as text', 0x01, '2'],
    ['a negative pinUvAuthProtocol', 0x01, -1],
    ['subCommand as bytes', 0x02, new Uint8Array([1])],
    ['keyAgreement as bytes', 0x03, new Uint8Array(65)],
    ['pinUvAuthParam as text', 0x04, 'mac'],
    ['newPinEnc as an array', 0x05, [1, 2]],
    ['pinHashEnc as an integer', 0x06, 5],
    ['permissions as a boolean', 0x09, true],
    ['negative permissions', 0x09, -3],
    ['rpId as bytes', 0x0a, new Uint8Array(3)],
  ])('rejects %s (CBOR_UNEXPECTED_TYPE)', (_name, key, value) => {
    const map = new Map<number, CborValue>([[2, 1]]);
    map.set(key, value);
    expect(ctapStatusOf(() => decodeClientPinRequest(map))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });
});
