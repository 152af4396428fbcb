import { describe, expect, it } from 'vitest';
import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { decodeCbor } from '../../cbor/decodeCbor.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { ConfigSubCommand } from './configKeys.js';
import { decodeConfigRequest } from './decodeConfigRequest.js';
import { decodeSetMinPinLengthParams } from './decodeSetMinPinLengthParams.js';
import { encodeConfigRequest } from './encodeConfigRequest.js';
import { encodeSetMinPinLengthParams } from './encodeSetMinPinLengthParams.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';

const viaWire = (map: CborMap) => decodeCbor(encodeCbor(map)) as CborMap;

describe('decodeConfigRequest', () => {
  it('reads back what encodeConfigRequest wrote', () => {
    const request = {
      subCommand: ConfigSubCommand.setMinPINLength,
      subCommandParams: encodeSetMinPinLengthParams({ newMinPinLength: 6 }),
      pinUvAuthProtocol: 1,
      pinUvAuthParam: new Uint8Array(16).fill(3),
    };
    expect(decodeConfigRequest(viaWire(encodeConfigRequest(request)))).toEqual(request);
    expect(decodeConfigRequest(viaWire(encodeConfigRequest({ subCommand: 2 })))).toEqual({ subCommand: 2 });
  });

  it('rejects a missing subCommand with MISSING_PARAMETER', () => {
    expect(ctapStatusOf(() => decodeConfigRequest(undefined))).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it.each<[string, CborMap]>([
    ['subCommand as text', new Map<number, CborValue>([[1, 'x']])],
    ['subCommandParams as an array', new Map<number, CborValue>([[1, 3], [2, []]])],
    ['pinUvAuthProtocol as bytes', new Map<number, CborValue>([[1, 2], [3, Uint8Array.of(2)]])],
    ['pinUvAuthParam as text', new Map<number, CborValue>([[1, 2], [4, 'auth']])],
  ])('rejects %s with CBOR_UNEXPECTED_TYPE', (_name, map) => {
    expect(ctapStatusOf(() => decodeConfigRequest(map))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });
});

describe('setMinPINLength parameters', () => {
  it('round-trip', () => {
    const params = { newMinPinLength: 10, minPinLengthRpIds: ['a.example', 'b.example'], forceChangePin: false };
    expect(decodeSetMinPinLengthParams(viaWire(encodeSetMinPinLengthParams(params)))).toEqual(params);
    expect(decodeSetMinPinLengthParams(undefined)).toEqual({});
  });

  it.each<[string, CborMap]>([
    ['a negative newMinPINLength', new Map<number, CborValue>([[1, -4]])],
    ['minPinLengthRPIDs as text', new Map<number, CborValue>([[2, 'example.com']])],
    ['a minPinLengthRPIDs entry as bytes', new Map<number, CborValue>([[2, ['ok.example', Uint8Array.of(1)]]])],
    ['forceChangePin as an integer', new Map<number, CborValue>([[3, 1]])],
  ])('reject %s with CBOR_UNEXPECTED_TYPE', (_name, map) => {
    expect(ctapStatusOf(() => decodeSetMinPinLengthParams(map))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });
});
