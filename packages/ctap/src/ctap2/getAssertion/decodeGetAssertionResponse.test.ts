import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodeCtap2Response } from '../ctap2Message.js';
import { decodeGetAssertionResponse } from './decodeGetAssertionResponse.js';
import { encodeGetAssertionResponse } from './encodeGetAssertionResponse.js';
import type { GetAssertionResponse } from './GetAssertionResponse.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';
import { fromHex } from '../../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../../test/support/firmwareVectors.js';

describe('decodeGetAssertionResponse', () => {
  it('reads the assertions both firmwares answered, with and without an allowList', () => {
    for (const firmware of firmwareNames) {
      const recorded = firmwareVectors(firmware);
      const single = decodeGetAssertionResponse(decodeCtap2Response(fromHex(recorded.getAssertion.exchange.response)));
      expect(Buffer.from(single.authData).toString('hex')).toBe(recorded.getAssertion.authData);
      expect(Buffer.from(single.signature).toString('hex')).toBe(recorded.getAssertion.signature);
      expect(Buffer.from(single.credential!.id).toString('hex')).toBe(recorded.getAssertion.credential.id);

      const discoverable = recorded.discoverable;
      const first = decodeGetAssertionResponse(decodeCtap2Response(fromHex(discoverable.getAssertion.exchange.response)));
      expect(first.numberOfCredentials).toBe(2);
      expect(first.user).toEqual({ id: new Uint8Array(Buffer.from('user-2')), name: 'bob', displayName: expect.any(String) });
      for (const next of discoverable.getNextAssertion) {
        const response = decodeGetAssertionResponse(decodeCtap2Response(fromHex(next.exchange.response)));
        expect(response.numberOfCredentials).toBeUndefined();
        expect(response.user?.id).toBeInstanceOf(Uint8Array);
      }
    }
  });

  it('round-trips every member', () => {
    const response: GetAssertionResponse = {
      credential: { type: 'public-key', id: Uint8Array.of(1, 2, 3) },
      authData: new Uint8Array(37).fill(1),
      signature: new Uint8Array(64).fill(2),
      user: { id: Uint8Array.of(4), name: 'alice', displayName: 'Alice' },
      numberOfCredentials: 3,
      userSelected: true,
      largeBlobKey: new Uint8Array(32).fill(6),
    };
    const encoded = encodeGetAssertionResponse(response);
    expect([...encoded.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(decodeGetAssertionResponse(decodeCbor(encodeCbor(encoded)) as CborMap)).toEqual(response);
    const minimal = { authData: new Uint8Array(37), signature: new Uint8Array(70) };
    expect([...encodeGetAssertionResponse(minimal).keys()]).toEqual([2, 3]);
    expect(decodeGetAssertionResponse(encodeGetAssertionResponse(minimal))).toEqual(minimal);
  });

  it('answers MISSING_PARAMETER and CBOR_UNEXPECTED_TYPE for broken responses', () => {
    const good = () => encodeGetAssertionResponse({ authData: new Uint8Array(37), signature: new Uint8Array(70) });
    expect(ctapStatusOf(() => decodeGetAssertionResponse(undefined))).toBe(CtapStatus.MISSING_PARAMETER);
    for (const key of [2, 3]) {
      const map = good();
      map.delete(key);
      expect(ctapStatusOf(() => decodeGetAssertionResponse(map))).toBe(CtapStatus.MISSING_PARAMETER);
    }
    const cases: [number, CborValue][] = [[1, Uint8Array.of(1)], [2, 'a'], [3, 1], [4, []], [5, 'two'], [5, -1], [6, 1], [7, true]];
    for (const [key, value] of cases) {
      const map = good();
      map.set(key, value);
      expect(ctapStatusOf(() => decodeGetAssertionResponse(map)), `key ${key}`).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    }
  });
});
