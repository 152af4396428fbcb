import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodeCtap2Response } from '../ctap2Message.js';
import { decodeMakeCredentialResponse } from './decodeMakeCredentialResponse.js';
import { encodeMakeCredentialResponse } from './encodeMakeCredentialResponse.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';
import { fromHex } from '../../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../../test/support/firmwareVectors.js';

describe('decodeMakeCredentialResponse', () => {
  it('reads the packed attestations both firmwares answered', () => {
    for (const firmware of firmwareNames) {
      const recorded = firmwareVectors(firmware).makeCredential;
      const response = decodeMakeCredentialResponse(decodeCtap2Response(fromHex(recorded.exchange.response)));
      expect(response.fmt).toBe('packed');
      expect(Buffer.from(response.authData).toString('hex')).toBe(recorded.authData);
      expect(response.attStmt.get('alg')).toBe(-7);
      expect(Buffer.from(response.attStmt.get('sig') as Uint8Array).toString('hex')).toBe(recorded.attStmt.sig);
      expect((response.attStmt.get('x5c') as Uint8Array[]).length).toBe(1);
    }
  });

  it('round-trips every member', () => {
    const response = {
      fmt: 'none',
      authData: new Uint8Array(37).fill(3),
      attStmt: new Map<string, CborValue>(),
      epAtt: true,
      largeBlobKey: new Uint8Array(32).fill(4),
    };
    const encoded = encodeMakeCredentialResponse(response);
    expect([...encoded.keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(decodeMakeCredentialResponse(decodeCbor(encodeCbor(encoded)) as CborMap)).toEqual(response);
    const minimal = { fmt: 'none', authData: new Uint8Array(37), attStmt: new Map() };
    expect([...encodeMakeCredentialResponse(minimal).keys()]).toEqual([1, 2, 3]);
    expect(decodeMakeCredentialResponse(encodeMakeCredentialResponse(minimal))).toEqual(minimal);
  });

  it('answers MISSING_PARAMETER and CBOR_UNEXPECTED_TYPE for broken responses', () => {
    const good = () => encodeMakeCredentialResponse({ fmt: 'none', authData: new Uint8Array(37), attStmt: new Map() });
    expect(ctapStatusOf(() => decodeMakeCredentialResponse(undefined))).toBe(CtapStatus.MISSING_PARAMETER);
    for (const key of [1, 2, 3]) {
      const map = good();
      map.delete(key);
      expect(ctapStatusOf(() => decodeMakeCredentialResponse(map))).toBe(CtapStatus.MISSING_PARAMETER);
    }
    for (const [key, value] of [[1, 1], [2, 'x'], [3, []], [4, 1], [5, 'key']] as [number, CborValue][]) {
      const map = good();
      map.set(key, value);
      expect(ctapStatusOf(() => decodeMakeCredentialResponse(map)), `key ${key}`).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    }
  });
});
