/** Bytes as hex, how the guest programs hand them to the host test in JSON. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
