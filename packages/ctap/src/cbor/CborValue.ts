/**
 * The CBOR data model CTAP2 uses: no floats, no tags, no undefined.
 * Maps keep their keys' types (CTAP command parameters are integer-keyed), so they are `Map`s, not objects.
 */
export type CborValue = number | bigint | string | boolean | null | Uint8Array | CborValue[] | CborMap;
export type CborMap = Map<number | string, CborValue>;

/** CTAP2 canonical CBOR allows at most four levels of nested maps/arrays. */
export const CBOR_MAX_DEPTH = 4;
