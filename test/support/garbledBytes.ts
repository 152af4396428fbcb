import fc from 'fast-check';

/**
 * Fuzz input made from a valid sample: `sample` changed by one to three edits (a byte flipped, the bytes cut short,
 * a byte inserted, the tail replaced), or now and then random bytes. Edits near valid input reach the deep paths of a
 * parser, which random bytes alone seldom get past the first check.
 */
export function garbledBytes(sample: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('tail' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
  );
  const edited = fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let bytes = sample;
    for (const change of edits) {
      const at = bytes.length === 0 ? 0 : change.at % bytes.length;
      if (change.kind === 'flip' && bytes.length > 0) {
        bytes = bytes.slice();
        bytes[at] = bytes[at]! ^ change.xor;
      } else if (change.kind === 'truncate') {
        bytes = bytes.slice(0, at);
      } else if (change.kind === 'insert') {
        bytes = Uint8Array.from([...bytes.subarray(0, at), change.byte, ...bytes.subarray(at)]);
      } else if (change.kind === 'tail') {
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...change.bytes]);
      }
    }
    return bytes;
  });
  return fc.oneof({ arbitrary: edited, weight: 9 }, { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 1 });
}

/** How many garbled inputs a fuzz property tries: 300 in `npm test`; FUZZ_RUNS=5000 (say) for a longer search. */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 300);
