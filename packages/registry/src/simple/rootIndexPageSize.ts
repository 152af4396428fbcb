/** Projects read per query when the root index is written (a keyset page); an index of at most this many is kept whole. */
export const rootIndexPageSize = 1000;
