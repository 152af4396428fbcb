import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap } from '../cbor/index.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { encodeAuthenticatorData } from './encodeAuthenticatorData.js';
import { parseAuthenticatorData } from './parseAuthenticatorData.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface AuthDataParsed {
  rpIdHash: string;
  flags: number;
  signCount: number;
  attestedCredentialData?: { aaguid: string; credentialIdLength: number; credentialId: string; credentialPublicKey: string };
}
interface Vectors {
  makeCredential: { authData: string; authDataParsed: AuthDataParsed; exchange: { response: string } };
  getAssertion: { authData: string; authDataParsed: AuthDataParsed };
  discoverable: { makeCredential: { exchange: { response: string } }[] };
}
const recorded = firmwareNames.flatMap((file) => {
  const v = firmwareVectors<Vectors>(file);
  return [
    { name: `${file} makeCredential`, authData: v.makeCredential.authData, expected: v.makeCredential.authDataParsed },
    { name: `${file} getAssertion`, authData: v.getAssertion.authData, expected: v.getAssertion.authDataParsed },
  ];
});

const header = (flags: number) => {
  const out = new Uint8Array(37).fill(0xab);
  out[32] = flags;
  return out;
};
const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((part) => [...part]));
const coseKeyBytes = encodeCbor(
  new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(32).fill(1)],
    [-3, new Uint8Array(32).fill(2)],
  ]),
);
const attested = (idLength: number, idBytes = idLength) =>
  concat(new Uint8Array(16).fill(9), new Uint8Array([idLength >> 8, idLength & 0xff]), new Uint8Array(idBytes).fill(7));

describe('parseAuthenticatorData', () => {
  it.each(recorded)('parses the recorded $name authData like python-fido2 did', ({ authData, expected }) => {
    const parsed = parseAuthenticatorData(fromHex(authData));
    expect(toHex(parsed.rpIdHash)).toBe(expected.rpIdHash);
    expect(parsed.flags).toBe(expected.flags);
    expect(parsed.signCount).toBe(expected.signCount);
    const acd = expected.attestedCredentialData;
    if (acd) {
      expect(toHex(parsed.attestedCredentialData!.aaguid)).toBe(acd.aaguid);
      expect(parsed.attestedCredentialData!.credentialId.length).toBe(acd.credentialIdLength);
      expect(toHex(parsed.attestedCredentialData!.credentialId)).toBe(acd.credentialId);
      expect(toHex(parsed.attestedCredentialData!.credentialPublicKeyBytes)).toBe(acd.credentialPublicKey);
      expect(toHex(encodeCbor(parsed.attestedCredentialData!.credentialPublicKey))).toBe(acd.credentialPublicKey);
    } else {
      expect(parsed.attestedCredentialData).toBeUndefined();
    }
    expect(parsed.extensions).toBeUndefined();
    // Re-encoding what was parsed gives back the recorded bytes.
    expect(toHex(encodeAuthenticatorData(parsed))).toBe(authData);
  });

  it('parses the authData inside the recorded makeCredential responses (key 2)', () => {
    for (const file of firmwareNames) {
      const v = firmwareVectors<Vectors>(file);
      for (const response of [v.makeCredential.exchange.response, ...v.discoverable.makeCredential.map((m) => m.exchange.response)]) {
        const authData = (decodeCbor(fromHex(response).subarray(1)) as CborMap).get(2) as Uint8Array;
        const parsed = parseAuthenticatorData(authData);
        expect(parsed.flags).toBe(0x45);
        expect(parsed.attestedCredentialData!.credentialId.length).toBe(70);
      }
    }
  });

  it('parses attested credential data followed by extensions', () => {
    const extensions = encodeCbor(new Map([['credProtect', 2]]));
    const parsed = parseAuthenticatorData(concat(header(0x01 | 0x40 | 0x80), attested(4), coseKeyBytes, extensions));
    expect(toHex(parsed.attestedCredentialData!.credentialId)).toBe('07070707');
    expect(parsed.attestedCredentialData!.credentialPublicKey.get(3)).toBe(-7);
    expect(parsed.extensions).toEqual(new Map([['credProtect', 2]]));
  });

  it('answers INVALID_LENGTH for truncation', () => {
    expect(ctapStatusOf(() => parseAuthenticatorData(new Uint8Array(0)))).toBe(CtapStatus.INVALID_LENGTH);
    expect(ctapStatusOf(() => parseAuthenticatorData(new Uint8Array(36)))).toBe(CtapStatus.INVALID_LENGTH);
    // AT set, but nothing / part of the fixed fields / part of the credential id follows.
    expect(ctapStatusOf(() => parseAuthenticatorData(header(0x41)))).toBe(CtapStatus.INVALID_LENGTH);
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x41), new Uint8Array(17))))).toBe(CtapStatus.INVALID_LENGTH);
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x41), attested(70, 69))))).toBe(CtapStatus.INVALID_LENGTH);
    // AT set and the credential id complete, but no public key.
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x41), attested(4))))).toBe(CtapStatus.INVALID_LENGTH);
    // ED set with nothing after the header or after the attested credential data.
    expect(ctapStatusOf(() => parseAuthenticatorData(header(0x81)))).toBe(CtapStatus.INVALID_LENGTH);
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0xc1), attested(4), coseKeyBytes)))).toBe(CtapStatus.INVALID_LENGTH);
  });

  it('answers INVALID_LENGTH for bytes the flags do not account for', () => {
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x05), new Uint8Array([0]))))).toBe(CtapStatus.INVALID_LENGTH);
    // Attested credential data present but AT clear.
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x05), attested(4), coseKeyBytes)))).toBe(CtapStatus.INVALID_LENGTH);
    // Extensions present but ED clear.
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x45), attested(4), coseKeyBytes, encodeCbor(new Map()))))).toBe(
      CtapStatus.INVALID_LENGTH,
    );
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x85), encodeCbor(new Map()), new Uint8Array([0]))))).toBe(
      CtapStatus.INVALID_LENGTH,
    );
  });

  it('answers INVALID_CBOR for a malformed or non-map COSE key or extensions', () => {
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x41), attested(4), coseKeyBytes.subarray(0, 40))))).toBe(
      CtapStatus.INVALID_CBOR,
    );
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x41), attested(4), new Uint8Array([0x43, 1, 2, 3]))))).toBe(
      CtapStatus.INVALID_CBOR,
    );
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x81), new Uint8Array([0x01]))))).toBe(CtapStatus.INVALID_CBOR);
    // Not canonical: map keys out of order.
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x81), new Uint8Array([0xa2, 0x02, 0x00, 0x01, 0x00]))))).toBe(
      CtapStatus.INVALID_CBOR,
    );
    expect(ctapStatusOf(() => parseAuthenticatorData(concat(header(0x81), new Uint8Array([0xbf, 0xff]))))).toBe(CtapStatus.INVALID_CBOR);
  });
});
