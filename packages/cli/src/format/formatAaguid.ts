/** 16 bytes as a UUID: 8-4-4-4-12 lowercase hex digits. */
export function formatAaguid(aaguid: Uint8Array): string {
  const hex = Buffer.from(aaguid).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
