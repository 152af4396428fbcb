/** Byte-wise equality of two identifiers (credential IDs, user handles, RP ID hashes): none of them secret. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
