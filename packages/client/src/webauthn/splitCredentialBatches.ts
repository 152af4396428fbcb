import { encodeCbor, type CborValue, type PublicKeyCredentialDescriptor } from '@keybridge/ctap';

/** How many bytes one descriptor adds to a request's list: {"id": bytes, "type": "public-key"} in CBOR. */
function encodedSize(descriptor: PublicKeyCredentialDescriptor): number {
  return encodeCbor(
    new Map<string, CborValue>([
      ['id', descriptor.id],
      ['type', descriptor.type],
    ]),
  ).length;
}

/**
 * Cuts a credential list into batches a key takes: at most `maxCount` descriptors and at most `byteBudget`
 * encoded bytes each (in order, greedily; a descriptor larger than the budget still gets a batch of its own).
 */
export function splitCredentialBatches(
  credentials: readonly PublicKeyCredentialDescriptor[],
  maxCount: number,
  byteBudget: number,
): PublicKeyCredentialDescriptor[][] {
  const batches: PublicKeyCredentialDescriptor[][] = [];
  let current: PublicKeyCredentialDescriptor[] = [];
  let bytes = 0;
  for (const credential of credentials) {
    const size = encodedSize(credential);
    if (current.length > 0 && (current.length >= maxCount || bytes + size > byteBudget)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(credential);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
