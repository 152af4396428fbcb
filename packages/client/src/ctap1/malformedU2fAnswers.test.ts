// A fuzz harness for the client's U2F (CTAP1) answer parsers: REGISTER, AUTHENTICATE and VERSION answers recorded from
// solo and canokey-core (../shared/fixtures/firmware-vectors), garbled at random. Each operation must end in a result,
// the U2fStatusError of the status word the device sent, TIMEOUT while that word says "touch the key" (6985), or
// PROTOCOL_ERROR for an answer that is malformed: never another exception.
import { CtapHidCapability, U2fStatusWord } from '@keybridge/ctap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firmwareNames, firmwareVectors, type FirmwareName } from '../../../../test/support/firmwareVectors.js';
import { fuzzRuns, garbledBytes } from '../../../../test/support/garbledBytes.js';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice } from '../hid/CtapDevice.js';
import { Ctap1Session } from './Ctap1Session.js';
import { U2fStatusError } from './U2fStatusError.js';

interface RecordedU2f {
  u2f: {
    applicationParameter: string;
    register: { challengeParameter: string; response: string };
    authenticate: { challengeParameter: string; response: string };
    version: { response: string };
  };
}

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const operations = ['register', 'authenticate', 'version'] as const;
type Operation = (typeof operations)[number];

/** A device whose every MSG is answered with `answer`. */
function answering(answer: Uint8Array): CtapDevice {
  return {
    capabilities: CtapHidCapability.WINK, // no CBOR: a U2F-only key
    deviceVersion: [1, 0, 0],
    description: 'recorded U2F answers',
    msg: () => Promise.resolve(answer.slice()),
    cbor: () => Promise.reject(new Error('no CTAP2 here')),
    ping: (data) => Promise.resolve(data),
    wink: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function run(operation: Operation, session: Ctap1Session, recorded: RecordedU2f['u2f']): Promise<unknown> {
  const application = hex(recorded.applicationParameter);
  // A 6985 ("touch the key") answer is asked again until the timeout, which then ends it; the others are answered at
  // once. (Rare here: an edit has to end the answer in 69 85. 1 ms would time out before the first request now and then.)
  const options = { timeoutMs: 1000 };
  if (operation === 'register') return session.register(hex(recorded.register.challengeParameter), application, options);
  if (operation === 'authenticate') return session.authenticate(hex(recorded.authenticate.challengeParameter), application, new Uint8Array(64), {}, options);
  return session.getVersion(options);
}

/** The status word an answer ends with, when it has one. */
const statusWordOf = (answer: Uint8Array) => (answer.length >= 2 ? (answer[answer.length - 2]! << 8) | answer[answer.length - 1]! : undefined);

describe('garbled U2F answers (fuzz harness of the CTAP1 answer parsers)', () => {
  it.each(firmwareNames.flatMap((firmware) => operations.map((operation) => [firmware, operation] as [FirmwareName, Operation])))(
    '%s, %s: a result, the status word sent, or PROTOCOL_ERROR; never another exception',
    async (firmware, operation) => {
      const recorded = firmwareVectors<RecordedU2f>(firmware).u2f;
      const sample = hex(recorded[operation].response);
      // The recorded answer itself is read: the harness garbles one that parses.
      await expect(run(operation, new Ctap1Session(answering(sample)), recorded)).resolves.toBeDefined();
      await fc.assert(
        fc.asyncProperty(garbledBytes(sample), async (answer) => {
          try {
            await run(operation, new Ctap1Session(answering(answer)), recorded);
          } catch (error) {
            const statusWord = statusWordOf(answer);
            if (error instanceof U2fStatusError) {
              expect(error.statusWord).toBe(statusWord);
              return;
            }
            expect(error).toBeInstanceOf(CtapClientError);
            const expected = statusWord === U2fStatusWord.CONDITIONS_NOT_SATISFIED && operation !== 'version' ? 'TIMEOUT' : 'PROTOCOL_ERROR';
            expect((error as CtapClientError).code).toBe(expected);
          }
        }),
        { numRuns: fuzzRuns },
      );
    },
  );
});
