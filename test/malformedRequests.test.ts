// Bad input reaching the authenticator through the CTAP2 request decoder: each malformation gets the
// status the reference names, and no input whatsoever ends in OTHER (our own failure) or an exception.
import fc from 'fast-check';
import { Ctap2Command, CtapStatus, decodeCbor, encodeCtap2Request, type CborMap, type CborValue } from '@keybridge/ctap';
import { createAuthenticator, type Authenticator } from '@keybridge/emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from './support/hex.js';
import { firmwareVectors } from './support/firmwareVectors.js';

const clientDataHash = new Uint8Array(32).fill(7);
const rp = new Map<string, CborValue>([['id', 'example.org'], ['name', 'Example']]);
const user = new Map<string, CborValue>([['id', new Uint8Array([1, 2, 3])], ['name', 'alice'], ['displayName', 'Alice']]);
const es256 = [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])];

function makeCredentialParameters(): CborMap {
  return new Map<number, CborValue>([[1, clientDataHash], [2, rp], [3, user], [4, es256]]);
}

function withCommandByte(command: number, body: Uint8Array): Uint8Array {
  return Uint8Array.of(command, ...body);
}

describe('malformed CTAP2 requests', () => {
  let authenticator: Authenticator;
  beforeAll(async () => {
    authenticator = await createAuthenticator();
  });

  const statusOf = async (message: Uint8Array) => (await authenticator.handleCtap2(message))[0];

  it('answers the malformed requests recorded against canokey (a CTAP 2.1 firmware) with the statuses it gave', async () => {
    const { errors } = firmwareVectors('canokey');
    for (const name of ['truncatedCborMakeCredential', 'breakByteCborMakeCredential', 'nonMapCborMakeCredential']) {
      expect.soft(await statusOf(fromHex(errors[name].request)), name).toBe(errors[name].status);
    }
    // canokey answers 0xF1 (its vendor code) to an unknown command; CTAP 2.1 says INVALID_COMMAND.
    expect(await statusOf(fromHex(errors.unknownCtapCommand0x3F.request))).toBe(CtapStatus.INVALID_COMMAND);
  });

  it.each<[string, () => Uint8Array, number]>([
    ['truncated CBOR', () => encodeCtap2Request(Ctap2Command.makeCredential, makeCredentialParameters()).subarray(0, 40), CtapStatus.INVALID_CBOR],
    ['a lone break byte', () => Uint8Array.of(Ctap2Command.makeCredential, 0xff), CtapStatus.INVALID_CBOR],
    ['an indefinite-length map', () => Uint8Array.of(Ctap2Command.getAssertion, 0xbf, 0x01, 0x61, 0x61, 0xff), CtapStatus.INVALID_CBOR],
    ['map keys out of canonical order', () => withCommandByte(Ctap2Command.getAssertion, fromHex('a2' + '0258' + '20' + '07'.repeat(32) + '01' + '6b6578616d706c652e6f7267')), CtapStatus.INVALID_CBOR],
    ['a non-shortest integer key', () => withCommandByte(Ctap2Command.clientPIN, fromHex('a2180101' + '0201')), CtapStatus.INVALID_CBOR],
    ['a tagged value', () => withCommandByte(Ctap2Command.clientPIN, fromHex('a101c101')), CtapStatus.INVALID_CBOR],
    ['nesting deeper than four levels', () => withCommandByte(Ctap2Command.makeCredential, fromHex('a10481818181a0')), CtapStatus.INVALID_CBOR],
    ['trailing bytes after the map', () => withCommandByte(Ctap2Command.clientPIN, fromHex('a2010202010000')), CtapStatus.INVALID_CBOR],
    ['an array instead of the parameter map', () => Uint8Array.of(Ctap2Command.makeCredential, 0x80), CtapStatus.CBOR_UNEXPECTED_TYPE],
    ['clientDataHash as text', () => encodeCtap2Request(Ctap2Command.makeCredential, new Map([...makeCredentialParameters(), [1, 'not bytes']])), CtapStatus.CBOR_UNEXPECTED_TYPE],
    ['rp as an array', () => encodeCtap2Request(Ctap2Command.makeCredential, new Map([...makeCredentialParameters(), [2, ['example.org']]])), CtapStatus.CBOR_UNEXPECTED_TYPE],
    ['rpId as bytes in getAssertion', () => encodeCtap2Request(Ctap2Command.getAssertion, new Map<number, CborValue>([[1, new Uint8Array(3)], [2, clientDataHash]])), CtapStatus.CBOR_UNEXPECTED_TYPE],
    ['clientPIN subCommand as text', () => encodeCtap2Request(Ctap2Command.clientPIN, new Map<number, CborValue>([[1, 2], [2, 'two']])), CtapStatus.CBOR_UNEXPECTED_TYPE],
    ['makeCredential without clientDataHash', () => encodeCtap2Request(Ctap2Command.makeCredential, new Map<number, CborValue>([[2, rp], [3, user], [4, es256]])), CtapStatus.MISSING_PARAMETER],
    ['makeCredential without pubKeyCredParams', () => encodeCtap2Request(Ctap2Command.makeCredential, new Map<number, CborValue>([[1, clientDataHash], [2, rp], [3, user]])), CtapStatus.MISSING_PARAMETER],
    ['makeCredential without any parameters', () => Uint8Array.of(Ctap2Command.makeCredential), CtapStatus.MISSING_PARAMETER],
    ['getAssertion without rpId', () => encodeCtap2Request(Ctap2Command.getAssertion, new Map<number, CborValue>([[2, clientDataHash]])), CtapStatus.MISSING_PARAMETER],
    ['clientPIN without subCommand', () => encodeCtap2Request(Ctap2Command.clientPIN, new Map<number, CborValue>([[1, 2]])), CtapStatus.MISSING_PARAMETER],
    ['an unknown command', () => Uint8Array.of(0x3f), CtapStatus.INVALID_COMMAND],
    ['an unknown clientPIN sub-command', () => encodeCtap2Request(Ctap2Command.clientPIN, new Map<number, CborValue>([[1, 2], [2, 0x42]])), CtapStatus.INVALID_SUBCOMMAND],
  ])('answers %s with the status the reference names', async (_name, message, status) => {
    expect(await statusOf(message())).toBe(status);
  });

  // Well-formed requests of every command, to mutate in the property below.
  const seeds: Uint8Array[] = [
    encodeCtap2Request(Ctap2Command.makeCredential, new Map([...makeCredentialParameters(), [6, new Map<string, CborValue>([['credProtect', 2], ['hmac-secret', true]])], [7, new Map([['rk', true]])]])),
    encodeCtap2Request(Ctap2Command.getAssertion, new Map<number, CborValue>([[1, 'example.org'], [2, clientDataHash], [3, [new Map<string, CborValue>([['id', new Uint8Array(48)], ['type', 'public-key']])]]])),
    encodeCtap2Request(Ctap2Command.clientPIN, new Map<number, CborValue>([[1, 2], [2, 2]])),
    encodeCtap2Request(Ctap2Command.clientPIN, new Map<number, CborValue>([[1, 1], [2, 3], [3, new Map<number, CborValue>([[1, 2], [3, -25], [-1, 1], [-2, new Uint8Array(32)], [-3, new Uint8Array(32)]])], [4, new Uint8Array(16)], [5, new Uint8Array(64)]])),
    encodeCtap2Request(Ctap2Command.credentialManagement, new Map<number, CborValue>([[1, 1], [3, 2], [4, new Uint8Array(32)]])),
    encodeCtap2Request(Ctap2Command.config, new Map<number, CborValue>([[1, 3], [2, new Map<number, CborValue>([[1, 6]])]])),
    encodeCtap2Request(Ctap2Command.getInfo),
    encodeCtap2Request(Ctap2Command.getNextAssertion),
    encodeCtap2Request(Ctap2Command.selection),
  ];
  const knownStatuses = new Set<number>(Object.values(CtapStatus));

  it('ends every random or mutated request in a defined status, never OTHER or an exception (property)', async () => {
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.option(fc.nat()))
      .map(([seed, edits, cut]) => {
        const copy = Uint8Array.from(seed);
        for (const [at, byte] of edits) copy[1 + (at % Math.max(1, copy.length - 1))] = byte;
        return cut === null ? copy : copy.subarray(0, 1 + (cut % copy.length));
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.uint8Array({ minLength: 1, maxLength: 80 })), async (message) => {
        const response = await authenticator.handleCtap2(message);
        expect(knownStatuses.has(response[0]!)).toBe(true);
        expect(response[0]).not.toBe(CtapStatus.OTHER);
        if (response.length > 1) expect(decodeCbor(response.subarray(1))).toBeInstanceOf(Map);
      }),
      { numRuns: 1500 },
    );
  });

  it('still serves a well-formed request after all that', async () => {
    const response = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.getInfo));
    expect(response[0]).toBe(CtapStatus.OK);
    expect(decodeCbor(response.subarray(1))).toBeInstanceOf(Map);
  });
});
