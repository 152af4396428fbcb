import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMacaroonV2, encodeMacaroonV2, hasValidSignature, MacaroonFormatError, macaroonSignature, maxMacaroonCaveats, type Macaroon } from './macaroonV2.js';

const rootKey = Buffer.alloc(32, 7);

function macaroonOf(caveats: string[], location: string | null = ''): Macaroon {
  const identifier = Buffer.from('0123456789abcdef0123456789abcdef');
  const ids = caveats.map((caveat) => Buffer.from(caveat));
  return { location, identifier, caveats: ids.map((id) => ({ identifier: id, location: null, verificationId: null })), signature: macaroonSignature(rootKey, identifier, ids) };
}

describe('macaroonV2', () => {
  it('round-trips and verifies; every caveat changes the signature', () => {
    const macaroon = macaroonOf(['[0,2,1]', '[1,["a"]]']);
    const bytes = encodeMacaroonV2(macaroon);
    expect(bytes[0]).toBe(2);
    const decoded = decodeMacaroonV2(bytes);
    expect(decoded).toEqual(macaroon);
    expect(hasValidSignature(decoded, rootKey)).toBe(true);
    expect(hasValidSignature(decoded, Buffer.alloc(32, 8))).toBe(false);
    expect(hasValidSignature({ ...decoded, caveats: decoded.caveats.slice(0, 1) }, rootKey)).toBe(false);
    expect(macaroonOf(['[0,2,1]']).signature).not.toEqual(macaroon.signature);
  });

  it('refuses third-party caveats (nothing here discharges them)', () => {
    const macaroon = macaroonOf(['[0,2,1]']);
    macaroon.caveats[0]!.verificationId = Buffer.alloc(48);
    expect(hasValidSignature(decodeMacaroonV2(encodeMacaroonV2(macaroon)), rootKey)).toBe(false);
  });

  it('refuses V1 macaroons, truncations, trailing bytes and too many caveats with MacaroonFormatError', () => {
    const bytes = encodeMacaroonV2(macaroonOf(['[0,2,1]']));
    const v1 = Buffer.from('0011location \n0019identifier abc\n002fsignature xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n');
    for (const bad of [Buffer.alloc(0), v1, bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.of(0)]), Buffer.from([2, 0xff, 0xff, 0xff, 0xff, 0xff])]) {
      expect(() => decodeMacaroonV2(bad)).toThrow(MacaroonFormatError);
    }
    const many = encodeMacaroonV2(macaroonOf(Array.from({ length: maxMacaroonCaveats + 1 }, (_, index) => `[0,${index},0]`)));
    expect(() => decodeMacaroonV2(many)).toThrow(/more than 64 caveats/);
    expect(decodeMacaroonV2(encodeMacaroonV2(macaroonOf(Array.from({ length: maxMacaroonCaveats }, () => '[0,1,0]')))).caveats).toHaveLength(maxMacaroonCaveats);
  });

  it('fuzz: random and mutated bytes decode or throw MacaroonFormatError, nothing else, quickly', () => {
    const valid = encodeMacaroonV2(macaroonOf(['[0,2,1]', '[1,["a","b"]]', '[100,["127.0.0.0/8"]]']));
    const mutated = fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(valid.length)).map(([index, byte, cut]) => {
      const copy = Buffer.from(valid);
      copy[index] = byte;
      return copy.subarray(0, cut + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated, fc.uint8Array({ maxLength: 64 }).map((tail) => Buffer.concat([Buffer.of(2), tail]))), (bytes) => {
        try {
          const decoded = decodeMacaroonV2(bytes);
          expect(encodeMacaroonV2(decoded).length).toBeLessThanOrEqual(bytes.length + 8);
        } catch (error) {
          expect(error).toBeInstanceOf(MacaroonFormatError);
        }
      }),
      { numRuns: 3000 },
    );
    expect(() => decodeMacaroonV2(randomBytes(1 << 16))).toThrow(MacaroonFormatError);
  });
});
