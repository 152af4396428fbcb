/** A response APDU: data || SW1 SW2. */
export function encodeApduResponse(data: Uint8Array, statusWord: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = (statusWord >> 8) & 0xff;
  out[data.length + 1] = statusWord & 0xff;
  return out;
}
