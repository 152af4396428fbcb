import { describe, expect, it } from 'vitest';
import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodeCtap2Response } from '../ctap2Message.js';
import { GetInfoResponseKey, type AuthenticatorInfo } from './AuthenticatorInfo.js';
import { decodeGetInfoResponse } from './decodeGetInfoResponse.js';
import { encodeGetInfoResponse } from './encodeGetInfoResponse.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';
import { ctapReference, firmwareVectors, type FirmwareName } from '../../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

interface GetInfoVector {
  getInfo: { exchange: { response: string }; fido2Decoded: Record<string, unknown> };
}
function recordedGetInfo(file: FirmwareName): { map: CborMap; decoded: Record<string, unknown> } {
  const vector = firmwareVectors<GetInfoVector>(file);
  const map = decodeCtap2Response(new Uint8Array(Buffer.from(vector.getInfo.exchange.response, 'hex')));
  if (!map) throw new Error(`${file}: getInfo response without a body`);
  return { map, decoded: vector.getInfo.fido2Decoded };
}

const full: AuthenticatorInfo = {
  versions: ['U2F_V2', 'FIDO_2_0', 'FIDO_2_1'],
  extensions: ['credProtect', 'hmac-secret', 'credBlob', 'minPinLength'],
  aaguid: new Uint8Array(16).fill(0xab),
  options: { rk: true, up: true, plat: false, clientPin: false, pinUvAuthToken: true, alwaysUv: false, vendorThing: true },
  maxMsgSize: 7609,
  pinUvAuthProtocols: [2, 1],
  maxCredentialCountInList: 16,
  maxCredentialIdLength: 128,
  transports: ['usb'],
  algorithms: [
    { alg: -7, type: 'public-key' },
    { alg: -8, type: 'public-key' },
  ],
  maxSerializedLargeBlobArray: 4096,
  forcePINChange: false,
  minPINLength: 4,
  firmwareVersion: 0x010203,
  maxCredBlobLength: 32,
  maxRPIDsForSetMinPINLength: 8,
  preferredPlatformUvAttempts: 3,
  uvModality: 0x200,
  certifications: { FIDO: 1, 'FIPS-CMVP-2': 2 },
  remainingDiscoverableCredentials: 99,
};

describe('GetInfoResponseKey', () => {
  it('matches the checked reference ("01 versions ... 14 remainingDiscoverableCredentials")', () => {
    const section = /### getInfo \(04\) response\n([\s\S]*?)\n\n/.exec(reference)?.[1];
    expect(section).toBeDefined();
    const fromReference = Object.fromEntries([...section!.matchAll(/(?<=^|[\s,])([0-9A-F]{2}) (\w+)/gm)].map((m) => [m[2], parseInt(m[1]!, 16)]));
    expect(GetInfoResponseKey).toEqual(fromReference);
  });
});

describe('encodeGetInfoResponse / decodeGetInfoResponse', () => {
  it('round-trips every member 0x01..0x14', () => {
    const map = encodeGetInfoResponse(full);
    expect([...map.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(Object.values(GetInfoResponseKey));
    expect(decodeGetInfoResponse(map)).toEqual(full);
  });

  it('encodes with the spec key numbers and leaves out absent members', () => {
    const map = encodeGetInfoResponse({ versions: ['FIDO_2_1'], aaguid: new Uint8Array(16), options: { rk: true, uv: undefined } });
    expect([...map.keys()]).toEqual([0x01, 0x03, 0x04]);
    expect(map.get(0x04)).toEqual(new Map([['rk', true]]));
    // Canonical CBOR: the minimal response is a3 01 81 68 "FIDO_2_1" 03 50 <16 zero bytes> 04 a1 62 "rk" f5.
    expect(Buffer.from(encodeCbor(map)).toString('hex')).toBe(
      `a3018168${Buffer.from('FIDO_2_1').toString('hex')}0350${'00'.repeat(16)}04a162726bf5`,
    );
  });

  it('decodes the recorded solo (CTAP 2.0) getInfo', () => {
    const { map, decoded } = recordedGetInfo('solo');
    const info = decodeGetInfoResponse(map);
    expect(info).toEqual({
      versions: decoded.VERSIONS,
      extensions: decoded.EXTENSIONS,
      aaguid: new Uint8Array(Buffer.from(decoded.AAGUID as string, 'hex')),
      options: decoded.OPTIONS,
      maxMsgSize: decoded.MAX_MSG_SIZE,
      pinUvAuthProtocols: decoded.PIN_UV_PROTOCOLS,
      maxCredentialCountInList: decoded.MAX_CREDS_IN_LIST,
      maxCredentialIdLength: decoded.MAX_CRED_ID_LENGTH,
    });
    expect(info.versions).toEqual(['U2F_V2', 'FIDO_2_0', 'FIDO_2_1_PRE']);
    expect(info.options?.clientPin).toBe(false);
  });

  it('decodes the recorded canokey (CTAP 2.1) getInfo, algorithms and all', () => {
    const { map, decoded } = recordedGetInfo('canokey');
    const info = decodeGetInfoResponse(map);
    expect(info).toEqual({
      versions: decoded.VERSIONS,
      extensions: decoded.EXTENSIONS,
      aaguid: new Uint8Array(Buffer.from(decoded.AAGUID as string, 'hex')),
      options: decoded.OPTIONS,
      maxMsgSize: decoded.MAX_MSG_SIZE,
      pinUvAuthProtocols: decoded.PIN_UV_PROTOCOLS,
      maxCredentialCountInList: decoded.MAX_CREDS_IN_LIST,
      maxCredentialIdLength: decoded.MAX_CRED_ID_LENGTH,
      transports: decoded.TRANSPORTS,
      algorithms: decoded.ALGORITHMS,
      maxSerializedLargeBlobArray: decoded.MAX_LARGE_BLOB,
      firmwareVersion: decoded.FIRMWARE_VERSION,
      maxCredBlobLength: decoded.MAX_CRED_BLOB_LENGTH,
    });
    expect(info.algorithms?.map((a) => a.alg)).toEqual([-7, -8, -48]);
  });

  it('re-encodes a recorded response to the same members', () => {
    const { map } = recordedGetInfo('canokey');
    expect(encodeGetInfoResponse(decodeGetInfoResponse(map))).toEqual(map);
  });

  it('ignores members it does not know (newer spec versions)', () => {
    const map = encodeGetInfoResponse({ versions: ['FIDO_2_1'], aaguid: new Uint8Array(16) });
    map.set(0x15, [1, 2]);
    map.set(0x30, 'vendor');
    expect(decodeGetInfoResponse(map)).toEqual({ versions: ['FIDO_2_1'], aaguid: new Uint8Array(16) });
  });

  it('keeps an option named __proto__ as data, not as the prototype', () => {
    const map = encodeGetInfoResponse({ versions: ['FIDO_2_1'], aaguid: new Uint8Array(16) });
    map.set(0x04, new Map<string, CborValue>([['__proto__', true]]));
    const options = decodeGetInfoResponse(map).options!;
    expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
    expect(Object.keys(options)).toEqual(['__proto__']);
  });

  it('requires versions and aaguid (MISSING_PARAMETER)', () => {
    const map = encodeGetInfoResponse(full);
    map.delete(0x01);
    expect(ctapStatusOf(() => decodeGetInfoResponse(map))).toBe(CtapStatus.MISSING_PARAMETER);
    const noAaguid = encodeGetInfoResponse(full);
    noAaguid.delete(0x03);
    expect(ctapStatusOf(() => decodeGetInfoResponse(noAaguid))).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it('rejects an AAGUID that is not 16 bytes (INVALID_LENGTH)', () => {
    expect(ctapStatusOf(() => decodeGetInfoResponse(encodeGetInfoResponse({ ...full, aaguid: new Uint8Array(15) })))).toBe(
      CtapStatus.INVALID_LENGTH,
    );
  });

  const unexpected = CtapStatus.CBOR_UNEXPECTED_TYPE;
  it.each<[string, number, CborValue, number]>([
    ['versions not an array', 0x01, 'FIDO_2_1', unexpected],
    ['a version that is not text', 0x01, ['FIDO_2_1', 2], unexpected],
    ['aaguid as text', 0x03, 'aaguid', unexpected],
    ['options not a map', 0x04, [true], unexpected],
    ['an option that is not a boolean', 0x04, new Map<string, CborValue>([['rk', 1]]), unexpected],
    ['an option id that is not text', 0x04, new Map<number, CborValue>([[1, true]]), unexpected],
    ['negative maxMsgSize', 0x05, -1, unexpected],
    ['maxMsgSize as bytes', 0x05, new Uint8Array(2), unexpected],
    ['a protocol that is not an integer', 0x06, ['2'], unexpected],
    ['an algorithm without alg', 0x0a, [new Map<string, CborValue>([['type', 'public-key']])], CtapStatus.MISSING_PARAMETER],
    ['an algorithm whose alg is text', 0x0a, [new Map<string, CborValue>([['alg', 'ES256'], ['type', 'public-key']])], unexpected],
    ['forcePINChange as an integer', 0x0c, 1, unexpected],
    ['certifications with a text level', 0x13, new Map<string, CborValue>([['FIDO', 'L1']]), unexpected],
  ])('rejects %s', (_name, key, value, status) => {
    const map = encodeGetInfoResponse(full);
    map.set(key, value);
    expect(ctapStatusOf(() => decodeGetInfoResponse(map))).toBe(status);
  });
});
