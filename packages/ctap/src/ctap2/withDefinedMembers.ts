/**
 * `target` with every member of `optional` that is not undefined copied in. Decoders read each optional CBOR
 * member into `optional` in map order; one the map did not hold stays absent rather than becoming `key: undefined`.
 */
export function withDefinedMembers<T extends object>(target: T, optional: { [K in keyof T]?: T[K] | undefined }): T {
  // for…in rather than Object.entries: no array of pairs per decoded answer.
  for (const key in optional) {
    const value = optional[key];
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}
