import { describe, expect, it } from 'vitest';
import { CtapStatus } from '../status/ctapStatus.js';
import { AuthenticatorDataFlags as Flags } from './AuthenticatorDataFlags.js';
import { encodeAuthenticatorData } from './encodeAuthenticatorData.js';
import { parseAuthenticatorData } from './parseAuthenticatorData.js';
import { rpIdHash } from './rpIdHash.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';
import { toHex } from '../../../../test/support/hex.js';


const credentialPublicKey = new Map<number, number | Uint8Array>([
  [1, 2],
  [3, -7],
  [-1, 1],
  [-2, new Uint8Array(32).fill(1)],
  [-3, new Uint8Array(32).fill(2)],
]);
const attestedCredentialData = { aaguid: new Uint8Array(16).fill(0xaa), credentialId: new Uint8Array(70).fill(0x11), credentialPublicKey };

describe('encodeAuthenticatorData', () => {
  it('writes rpIdHash | flags | signCount (big-endian) for an assertion', () => {
    const encoded = encodeAuthenticatorData({ rpIdHash: rpIdHash('example.org'), flags: Flags.UP | Flags.UV, signCount: 27 });
    expect(toHex(encoded)).toBe('bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b5' + '05' + '0000001b');
    expect(toHex(encodeAuthenticatorData({ rpIdHash: new Uint8Array(32), flags: 0, signCount: 0xfffffffe }).subarray(33))).toBe('fffffffe');
  });

  it('sets AT with attested credential data and lays it out as aaguid | length | id | COSE key', () => {
    const encoded = encodeAuthenticatorData({ rpIdHash: new Uint8Array(32), flags: Flags.UP | Flags.UV, signCount: 1, attestedCredentialData });
    expect(encoded[32]).toBe(0x45);
    expect(toHex(encoded.subarray(37, 53))).toBe('aa'.repeat(16));
    expect(toHex(encoded.subarray(53, 55))).toBe('0046');
    expect(toHex(encoded.subarray(55, 125))).toBe('11'.repeat(70));
    expect(toHex(encoded.subarray(125, 135))).toBe('a5010203262001215820');
    expect(encoded.length).toBe(125 + 77);
  });

  it('sets ED with extensions and round-trips through the parser', () => {
    const extensions = new Map<string, number | boolean>([
      ['credProtect', 2],
      ['hmac-secret', true],
    ]);
    const encoded = encodeAuthenticatorData({ rpIdHash: new Uint8Array(32), flags: Flags.UP, signCount: 3, attestedCredentialData, extensions });
    expect(encoded[32]).toBe(Flags.UP | Flags.AT | Flags.ED);
    const parsed = parseAuthenticatorData(encoded);
    expect(parsed.extensions).toEqual(extensions);
    expect(parsed.attestedCredentialData!.credentialPublicKey).toEqual(credentialPublicKey);
    expect(toHex(encodeAuthenticatorData(parsed))).toBe(toHex(encoded));
  });

  it('clears AT and ED when their content is absent, so flags cannot contradict it', () => {
    const encoded = encodeAuthenticatorData({ rpIdHash: new Uint8Array(32), flags: 0xff, signCount: 0 });
    expect(encoded[32]).toBe(0xff & ~(Flags.AT | Flags.ED));
    expect(encoded.length).toBe(37);
    expect(() => parseAuthenticatorData(encoded)).not.toThrow();
  });

  it('keeps BE/BS and the reserved bits as given', () => {
    const encoded = encodeAuthenticatorData({ rpIdHash: new Uint8Array(32), flags: Flags.BE | Flags.BS | 0x02 | 0x20, signCount: 0 });
    expect(encoded[32]).toBe(0x3a);
  });

  it('answers INVALID_PARAMETER for fields that do not fit', () => {
    const base = { rpIdHash: new Uint8Array(32), flags: 1, signCount: 0 };
    expect(ctapStatusOf(() => encodeAuthenticatorData({ ...base, rpIdHash: new Uint8Array(31) }))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => encodeAuthenticatorData({ ...base, flags: 0x100 }))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => encodeAuthenticatorData({ ...base, signCount: -1 }))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => encodeAuthenticatorData({ ...base, signCount: 2 ** 32 }))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => encodeAuthenticatorData({ ...base, signCount: 1.5 }))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(
      ctapStatusOf(() => encodeAuthenticatorData({ ...base, attestedCredentialData: { ...attestedCredentialData, aaguid: new Uint8Array(15) } })),
    ).toBe(CtapStatus.INVALID_PARAMETER);
    expect(
      ctapStatusOf(() =>
        encodeAuthenticatorData({ ...base, attestedCredentialData: { ...attestedCredentialData, credentialId: new Uint8Array(0x10000) } }),
      ),
    ).toBe(CtapStatus.INVALID_PARAMETER);
  });
});
