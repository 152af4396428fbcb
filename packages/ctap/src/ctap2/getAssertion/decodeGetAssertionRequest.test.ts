import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { Ctap2Command } from '../ctap2Command.js';
import { decodeCtap2Request, encodeCtap2Request } from '../ctap2Message.js';
import { decodeGetAssertionRequest } from './decodeGetAssertionRequest.js';
import { encodeGetAssertionRequest } from './encodeGetAssertionRequest.js';
import type { GetAssertionRequest } from './GetAssertionRequest.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';
import { fromHex } from '../../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../../test/support/firmwareVectors.js';

const minimal = (): CborMap => encodeGetAssertionRequest({ rpId: 'example.org', clientDataHash: new Uint8Array(32) });

describe('decodeGetAssertionRequest', () => {
  it('reads the getAssertion requests python-fido2 sent to both firmwares, and re-encodes them byte for byte', () => {
    for (const firmware of firmwareNames) {
      const recorded = firmwareVectors(firmware);
      const message = fromHex(recorded.getAssertion.exchange.request);
      const request = decodeGetAssertionRequest(decodeCtap2Request(message).parameters);
      expect(request.rpId).toBe('example.org');
      expect(Buffer.from(request.clientDataHash).toString('hex')).toBe(recorded.inputs.clientDataHash.get);
      expect(request.allowList).toHaveLength(1);
      expect(request.allowList![0]!.type).toBe('public-key');
      expect(Buffer.from(request.allowList![0]!.id).toString('hex')).toBe(recorded.getAssertion.credential.id);
      expect(Buffer.from(request.pinUvAuthParam!).toString('hex')).toBe(recorded.getAssertion.pinUvAuthParam);
      expect(request.pinUvAuthProtocol).toBe(recorded.inputs.pinUvAuthProtocol);
      expect(Buffer.from(encodeCtap2Request(Ctap2Command.getAssertion, encodeGetAssertionRequest(request))).toString('hex')).toBe(
        recorded.getAssertion.exchange.request,
      );
    }
  });

  it('round-trips every member, including the rk option the authenticator must refuse', () => {
    const request: GetAssertionRequest = {
      rpId: 'example.org',
      clientDataHash: new Uint8Array(32).fill(2),
      allowList: [{ type: 'public-key', id: Uint8Array.of(1, 2), transports: ['usb'] }, { type: 'other', id: Uint8Array.of(3) }],
      extensions: new Map<string, CborValue>([['credBlob', true]]),
      options: { up: false, uv: false, rk: true },
      pinUvAuthParam: new Uint8Array(32).fill(5),
      pinUvAuthProtocol: 2,
    };
    expect(decodeGetAssertionRequest(decodeCbor(encodeCbor(encodeGetAssertionRequest(request))) as CborMap)).toEqual(request);
    expect(Object.keys(decodeGetAssertionRequest(minimal())).sort()).toEqual(['clientDataHash', 'rpId']);
  });

  it('answers MISSING_PARAMETER for an absent rpId, clientDataHash or descriptor member', () => {
    expect(ctapStatusOf(() => decodeGetAssertionRequest(undefined))).toBe(CtapStatus.MISSING_PARAMETER);
    for (const key of [1, 2]) {
      const map = minimal();
      map.delete(key);
      expect(ctapStatusOf(() => decodeGetAssertionRequest(map))).toBe(CtapStatus.MISSING_PARAMETER);
    }
    const map = minimal();
    map.set(3, [new Map([['type', 'public-key']])]);
    expect(ctapStatusOf(() => decodeGetAssertionRequest(map))).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it('answers CBOR_UNEXPECTED_TYPE for a parameter of the wrong type', () => {
    const cases: [number, CborValue][] = [
      [1, Uint8Array.of(1)],
      [2, 'hash'],
      [3, new Map()],
      [3, [Uint8Array.of(1)]],
      [4, [1]],
      [4, new Map([[2, 1]])],
      [5, []],
      [5, new Map([['up', 0]])],
      [5, new Map([['rk', 'no']])],
      [6, 'param'],
      [7, -2],
      [7, 'two'],
    ];
    for (const [key, value] of cases) {
      const map = minimal();
      map.set(key, value);
      expect(ctapStatusOf(() => decodeGetAssertionRequest(map)), `key ${key}`).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    }
  });
});
