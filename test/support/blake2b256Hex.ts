import { blake2b } from '@noble/hashes/blake2b';

/**
 * BLAKE2b-256 of some bytes, synchronously, for building expected values in tests. It comes from @noble/hashes, an
 * implementation independent of the hash-wasm one the registry uses, so tests also cross-check the two.
 */
export function blake2b256Hex(bytes: Uint8Array): string {
  return Buffer.from(blake2b(bytes, { dkLen: 32 })).toString('hex');
}
