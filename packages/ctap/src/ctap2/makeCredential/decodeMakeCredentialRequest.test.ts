import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodeCtap2Request, encodeCtap2Request } from '../ctap2Message.js';
import { Ctap2Command } from '../ctap2Command.js';
import { decodeMakeCredentialRequest } from './decodeMakeCredentialRequest.js';
import { encodeMakeCredentialRequest } from './encodeMakeCredentialRequest.js';
import type { MakeCredentialRequest } from './MakeCredentialRequest.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';
import { fromHex } from '../../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../../test/support/firmwareVectors.js';

const full: MakeCredentialRequest = {
  clientDataHash: new Uint8Array(32).fill(7),
  rp: { id: 'example.org', name: 'Example' },
  user: { id: Uint8Array.of(1, 2, 3), name: 'alice', displayName: 'Alice' },
  pubKeyCredParams: [
    { type: 'public-key', alg: -8 },
    { type: 'public-key', alg: -7 },
  ],
  excludeList: [{ type: 'public-key', id: Uint8Array.of(9, 9), transports: ['usb', 'nfc'] }],
  extensions: new Map<string, CborValue>([
    ['credProtect', 2],
    ['hmac-secret', true],
  ]),
  options: { rk: true, up: true, uv: false },
  pinUvAuthParam: new Uint8Array(16).fill(1),
  pinUvAuthProtocol: 2,
  enterpriseAttestation: 1,
};

/** A minimal valid parameter map to break one member at a time. */
function minimal(): CborMap {
  return encodeMakeCredentialRequest({
    clientDataHash: new Uint8Array(32),
    rp: { id: 'example.org' },
    user: { id: Uint8Array.of(1) },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  });
}

describe('decodeMakeCredentialRequest', () => {
  it('reads the makeCredential requests python-fido2 sent to both firmwares, and re-encodes them byte for byte', () => {
    for (const firmware of firmwareNames) {
      const recorded = firmwareVectors(firmware);
      const message = fromHex(recorded.makeCredential.exchange.request);
      const request = decodeMakeCredentialRequest(decodeCtap2Request(message).parameters);
      expect(Buffer.from(request.clientDataHash).toString('hex')).toBe(recorded.inputs.clientDataHash.create);
      expect(request.rp).toEqual({ id: 'example.org', name: 'Example' });
      expect(request.user).toEqual({ id: new Uint8Array(Buffer.from('user-1')), name: 'alice', displayName: 'Alice' });
      expect(request.pubKeyCredParams).toEqual([{ type: 'public-key', alg: -7 }]);
      expect(request.options).toEqual({ rk: false });
      expect(Buffer.from(request.pinUvAuthParam!).toString('hex')).toBe(recorded.makeCredential.pinUvAuthParam);
      expect(request.pinUvAuthProtocol).toBe(recorded.inputs.pinUvAuthProtocol);
      expect(Buffer.from(encodeCtap2Request(Ctap2Command.makeCredential, encodeMakeCredentialRequest(request))).toString('hex')).toBe(
        recorded.makeCredential.exchange.request,
      );
    }
  });

  it('round-trips every member through canonical CBOR', () => {
    const decoded = decodeMakeCredentialRequest(decodeCbor(encodeCbor(encodeMakeCredentialRequest(full))) as CborMap);
    expect(decoded).toEqual(full);
  });

  it('leaves absent optional members out in both directions', () => {
    const map = minimal();
    expect([...map.keys()]).toEqual([1, 2, 3, 4]);
    const decoded = decodeMakeCredentialRequest(map);
    expect(Object.keys(decoded).sort()).toEqual(['clientDataHash', 'pubKeyCredParams', 'rp', 'user']);
    expect(decoded.rp).toEqual({ id: 'example.org' });
    expect(decoded.user).toEqual({ id: Uint8Array.of(1) });
  });

  it('ignores unknown parameters, unknown entity members and unknown options', () => {
    const map = minimal();
    map.set(0x20, 'future');
    (map.get(2) as CborMap).set('icon', 'https://example.org/icon.png');
    (map.get(3) as CborMap).set('icon', 'https://example.org/alice.png');
    map.set(7, new Map<string, CborValue>([['plat', 5], ['rk', true]]));
    const decoded = decodeMakeCredentialRequest(map);
    expect(decoded.rp).toEqual({ id: 'example.org' });
    expect(decoded.user).toEqual({ id: Uint8Array.of(1) });
    expect(decoded.options).toEqual({ rk: true });
  });

  it('answers MISSING_PARAMETER for each absent required parameter or member', () => {
    expect(ctapStatusOf(() => decodeMakeCredentialRequest(undefined))).toBe(CtapStatus.MISSING_PARAMETER);
    for (const key of [1, 2, 3, 4]) {
      const map = minimal();
      map.delete(key);
      expect(ctapStatusOf(() => decodeMakeCredentialRequest(map)), `parameter ${key}`).toBe(CtapStatus.MISSING_PARAMETER);
    }
    const cases: [number, (map: CborMap) => void][] = [
      [2, (map) => (map.get(2) as CborMap).delete('id')],
      [3, (map) => (map.get(3) as CborMap).delete('id')],
      [4, (map) => ((map.get(4) as CborMap[])[0]!).delete('alg')],
      [4, (map) => ((map.get(4) as CborMap[])[0]!).delete('type')],
      [5, (map) => map.set(5, [new Map([['type', 'public-key']])])],
      [5, (map) => map.set(5, [new Map<string, CborValue>([['id', Uint8Array.of(1)]])])],
    ];
    for (const [key, breakIt] of cases) {
      const map = minimal();
      breakIt(map);
      expect(ctapStatusOf(() => decodeMakeCredentialRequest(map)), `member of ${key}`).toBe(CtapStatus.MISSING_PARAMETER);
    }
  });

  it('answers CBOR_UNEXPECTED_TYPE for a parameter or member of the wrong type', () => {
    const cases: [string, (map: CborMap) => void][] = [
      ['clientDataHash as text', (map) => map.set(1, 'hash')],
      ['rp as array', (map) => map.set(2, [])],
      ['rp.id as bytes', (map) => (map.get(2) as CborMap).set('id', Uint8Array.of(1))],
      ['rp.name as integer', (map) => (map.get(2) as CborMap).set('name', 1)],
      ['user.id as text', (map) => (map.get(3) as CborMap).set('id', 'alice')],
      ['user.name as bytes', (map) => (map.get(3) as CborMap).set('name', Uint8Array.of(1))],
      ['user.displayName as integer', (map) => (map.get(3) as CborMap).set('displayName', 3)],
      ['pubKeyCredParams as map', (map) => map.set(4, new Map())],
      ['pubKeyCredParams element as text', (map) => map.set(4, ['ES256'])],
      ['alg as text', (map) => ((map.get(4) as CborMap[])[0]!).set('alg', 'ES256')],
      ['type as integer', (map) => ((map.get(4) as CborMap[])[0]!).set('type', 1)],
      ['excludeList as map', (map) => map.set(5, new Map())],
      ['excludeList id as text', (map) => map.set(5, [new Map([['type', 'public-key'], ['id', 'abc']])])],
      ['excludeList transports as text', (map) => map.set(5, [new Map<string, CborValue>([['type', 'public-key'], ['id', Uint8Array.of(1)], ['transports', 'usb']])])],
      ['excludeList transport as integer', (map) => map.set(5, [new Map<string, CborValue>([['type', 'public-key'], ['id', Uint8Array.of(1)], ['transports', [1]]])])],
      ['extensions as array', (map) => map.set(6, [])],
      ['extension identifier as integer', (map) => map.set(6, new Map([[1, true]]))],
      ['options as array', (map) => map.set(7, [])],
      ['rk as integer', (map) => map.set(7, new Map([['rk', 1]]))],
      ['up as text', (map) => map.set(7, new Map([['up', 'true']]))],
      ['uv as null', (map) => map.set(7, new Map([['uv', null]]))],
      ['pinUvAuthParam as text', (map) => map.set(8, 'param')],
      ['pinUvAuthProtocol as text', (map) => map.set(9, '1')],
      ['pinUvAuthProtocol negative', (map) => map.set(9, -1)],
      ['enterpriseAttestation as boolean', (map) => map.set(10, true)],
    ];
    for (const [name, breakIt] of cases) {
      const map = minimal();
      breakIt(map);
      expect(ctapStatusOf(() => decodeMakeCredentialRequest(map)), name).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    }
  });
});
