import { Decoder } from 'cbor-x';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { CborValue } from './CborValue.js';
import { decodeCbor, decodeCborItem } from './decodeCbor.js';
import { encodeCbor } from './encodeCbor.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';
import { fromHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';


describe('decodeCbor', () => {
  it('round-trips the getInfo responses recorded from real firmware byte for byte', () => {
    for (const firmware of firmwareNames) {
      const vectors = firmwareVectors(firmware);
      const response = fromHex(vectors.getInfo.exchange.response as string).subarray(1);
      const decoded = decodeCbor(response);
      expect(decoded).toBeInstanceOf(Map);
      expect(Buffer.from(encodeCbor(decoded)).equals(Buffer.from(response))).toBe(true);
    }
  });

  it.each([
    ['truncated map', 'a201'],
    ['truncated byte string', '4301'],
    ['indefinite-length array', '9f01ff'],
    ['lone break byte', 'ff'],
    ['tag', 'c11a514b67b0'],
    ['float', 'fb3ff8000000000000'],
    ['undefined', 'f7'],
    ['non-shortest integer', '1817'],
    ['non-shortest length', '5801aa'],
    ['unsorted integer keys', 'a202010102'],
    ['longer key before shorter', 'a262616101617a02'],
    ['duplicate keys', 'a201010102'],
    ['byte-string map key', 'a1410001'],
    ['invalid UTF-8', '62c328'],
    ['nesting deeper than four', '8181818181'],
    ['trailing bytes', '0101'],
    ['reserved additional info', '1c'],
  ])('rejects %s with INVALID_CBOR', (_name, hex) => {
    expect(ctapStatusOf(() => decodeCbor(fromHex(hex)))).toBe(CtapStatus.INVALID_CBOR);
  });

  it('accepts nesting of exactly four levels and the simple values CTAP uses', () => {
    expect(decodeCbor(fromHex('81818181f5'))).toEqual([[[[true]]]]);
    expect(decodeCbor(fromHex('83f4f5f6'))).toEqual([false, true, null]);
  });

  it('can tolerate non-canonical input when asked (devices that sort keys wrongly)', () => {
    expect(decodeCbor(fromHex('a202010102'), { canonical: false })).toEqual(new Map([[2, 1], [1, 2]]));
  });

  it('decodes one item out of a longer buffer and tells where it ends', () => {
    const bytes = fromHex('a10102ffff');
    expect(decodeCborItem(bytes, 0)).toEqual({ value: new Map([[1, 2]]), end: 3 });
  });

  const cborValue: fc.Arbitrary<CborValue> = fc.letrec<{ value: CborValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 40 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.uniqueArray(fc.tuple(fc.oneof(fc.integer({ min: -100, max: 100 }), fc.string({ maxLength: 5 })), tie('value')), {
        maxLength: 4,
        selector: ([key]) => key,
      }).map((entries) => new Map(entries)),
    ),
  })).value;

  it('decodes whatever it encodes to an equal value (property)', () => {
    fc.assert(
      fc.property(cborValue, (value) => {
        let encoded: Uint8Array;
        try {
          encoded = encodeCbor(value);
          decodeCbor(encoded, { maxDepth: 64 });
        } catch (error) {
          fc.pre(!(error instanceof CtapError && /nesting/.test(error.message)));
          throw error;
        }
        const decoded = decodeCbor(encoded, { maxDepth: 64 });
        expect(Buffer.from(encodeCbor(decoded)).equals(Buffer.from(encoded))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('builds the values cbor-x builds from every input it accepts, canonical or not (property)', () => {
    // decodeCbor checks and builds in one pass; cbor-x, the general decoder it replaced, is the reference.
    const reference = new Decoder({ useRecords: false, mapsAsObjects: false, bundleStrings: false });
    const inputs = fc.oneof(
      cborValue.map((value) => {
        try {
          return encodeCbor(value);
        } catch {
          return new Uint8Array(0);
        }
      }),
      fc.uint8Array({ maxLength: 48 }),
      fc.constantFrom('1b0000000100000000', '3b0000000100000000', '1bffffffffffffffff', '3a7fffffff', '1800', 'a202010102', '63e282ac', '62c328').map(fromHex),
    );
    fc.assert(
      fc.property(inputs, fc.boolean(), (bytes, canonical) => {
        let decoded: CborValue;
        try {
          decoded = decodeCbor(bytes, { canonical, maxDepth: 64 });
        } catch (error) {
          expect(error).toBeInstanceOf(CtapError);
          return;
        }
        const expected: unknown = reference.decode(bytes);
        expect(decoded).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('ends every random or mutated input in a value or a CtapError, never another exception (property)', () => {
    const sample = encodeCbor(new Map<number, CborValue>([[1, new Uint8Array(32)], [2, new Map([['id', 'example.org']])], [4, [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])]]]));
    const mutated = fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(sample.length)).map(([at, byte, cut]) => {
      const copy = Uint8Array.from(sample);
      copy[at] = byte;
      return copy.subarray(0, Math.max(cut, at + 1));
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), (bytes) => {
        try {
          decodeCbor(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CtapError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
