import { createBLAKE2b } from 'hash-wasm';

export interface StreamingHash {
  update(data: Uint8Array): void;
  hexDigest(): string;
}

/**
 * BLAKE2b with a 32-byte digest (PyPI's `blake2_256_digest`). It is not a truncated BLAKE2b-512, and Node 20's
 * OpenSSL cannot shorten BLAKE2b's output, so this uses hash-wasm's WebAssembly BLAKE2b (hundreds of MB/s).
 */
export async function createBlake2b256(): Promise<StreamingHash> {
  const hasher = await createBLAKE2b(256);
  hasher.init();
  return {
    update: (data) => {
      hasher.update(data);
    },
    hexDigest: () => hasher.digest('hex'),
  };
}
