import { createHash, randomBytes } from 'node:crypto';
import { createBLAKE2b } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { createBlake2b256 } from './createBlake2b256.js';

const pattern = (length: number) => Uint8Array.from({ length }, (_, index) => (index * 7 + 3) & 0xff);

async function blake2b256Hex(...chunks: Uint8Array[]): Promise<string> {
  const hash = await createBlake2b256();
  for (const chunk of chunks) hash.update(chunk);
  return hash.hexDigest();
}

describe('createBlake2b256', () => {
  it('gives BLAKE2b-256 as Python hashlib.blake2b(digest_size=32) does', async () => {
    // Expected values printed by Python 3's hashlib.
    expect(await blake2b256Hex(new Uint8Array())).toBe('0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
    expect(await blake2b256Hex(Buffer.from('abc'))).toBe('bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
    const expected: Array<[number, string]> = [
      [127, 'c9ae3859964b35f04c54b36d33cf299d7290ee621005d28e51598a943560aaaa'],
      [128, 'f0501d06597880592bc49234eef100ec1ff349058d0e9d9b753504e24af86dd6'],
      [129, 'a34a4e1e03c541dfbf3099c4b6c143c022ced65c28bd7e8a10e0a098461aecf0'],
      [256, 'd93ebb9c802f5630ab22516fd82b6c21bc8bd551d531349b715f046ed11ed871'],
      [1000, 'd62b6c768ce1afc8367e0498ab2f8e3f7c178c35b1429f14c4604b545d200f52'],
      [100000, '20b8634b7228973e5a49a5f6857b7fe2e879a928f797a682928c00eaa8fb7776'],
    ];
    for (const [length, hex] of expected) expect(await blake2b256Hex(pattern(length)), `${length} bytes`).toBe(hex);
  });

  it('gives the same digest whatever the chunking, and concurrent hashes do not mix', async () => {
    const data = randomBytes(5000);
    const whole = await blake2b256Hex(data);
    expect(await blake2b256Hex(data.subarray(0, 1), data.subarray(1, 129), data.subarray(129))).toBe(whole);
    const [a, b] = await Promise.all([createBlake2b256(), createBlake2b256()]);
    a.update(data);
    b.update(pattern(10));
    a.update(new Uint8Array(0));
    expect(a.hexDigest()).toBe(whole);
  });

  it('is the same function as BLAKE2b-512 where both exist (a cross-check of the library against OpenSSL)', async () => {
    const data = randomBytes(1234);
    const hasher = await createBLAKE2b(512);
    hasher.init();
    hasher.update(data);
    expect(hasher.digest('hex')).toBe(createHash('blake2b512').update(data).digest('hex'));
  });
});
