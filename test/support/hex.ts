/** Bytes of lowercase or uppercase hex text (the firmware recordings write lowercase without separators). */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Lowercase hex text of `bytes`, the way the firmware recordings write it. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
