import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CtapHidError } from './CtapHidError.js';
import { CtapHidMessageAssembler } from './CtapHidMessageAssembler.js';
import { CtapHidCommand, CtapHidErrorCode, CTAPHID_MAX_MESSAGE_SIZE } from './ctapHidConstants.js';
import { encodeCtapHidMessage } from './encodeCtapHidMessage.js';
import { parseCtapHidPacket } from './parseCtapHidPacket.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';


interface RecordedReport { dir: 'in' | 'out'; report: string }

function reassemble(reports: Uint8Array[]): { command: number; payload: Uint8Array }[] {
  const messages: { command: number; payload: Uint8Array }[] = [];
  let assembler: CtapHidMessageAssembler | undefined;
  for (const report of reports) {
    const packet = parseCtapHidPacket(report);
    if (packet.kind === 'init') assembler = new CtapHidMessageAssembler(packet);
    else assembler!.add(packet);
    if (assembler?.complete) {
      messages.push(assembler.message());
      assembler = undefined;
    }
  }
  return messages;
}

describe('CTAPHID framing', () => {
  for (const firmware of firmwareNames) {
    it(`reassembles and re-encodes the makeCredential reports recorded from ${firmware}`, () => {
      const vectors = firmwareVectors(firmware);
      const sequence = vectors.makeCredentialReportSequence as { reports: RecordedReport[]; keepalives: number[] };
      const exchange = vectors.makeCredential.exchange as { request: string; response: string };
      const out = sequence.reports.filter((r) => r.dir === 'out').map((r) => fromHex(r.report));
      const incoming = sequence.reports.filter((r) => r.dir === 'in').map((r) => fromHex(r.report));

      const [request] = reassemble(out);
      expect(request!.command).toBe(CtapHidCommand.CBOR);
      expect(toHex(request!.payload)).toBe(exchange.request);
      const responses = reassemble(incoming);
      const keepalives = responses.filter((m) => m.command === CtapHidCommand.KEEPALIVE).map((m) => m.payload[0]);
      expect(keepalives).toEqual(sequence.keepalives);
      expect(toHex(responses.at(-1)!.payload)).toBe(exchange.response);

      // Our encoder produces the very reports the host sent, zero padding included.
      const cid = parseCtapHidPacket(out[0]!).cid;
      expect(encodeCtapHidMessage(cid, CtapHidCommand.CBOR, request!.payload).map(toHex)).toEqual(out.map(toHex));
    });
  }

  it('splits the largest message into 1 + 128 reports and refuses one byte more', () => {
    const payload = Uint8Array.from({ length: CTAPHID_MAX_MESSAGE_SIZE }, (_, i) => i & 0xff);
    const reports = encodeCtapHidMessage(0x01020304, CtapHidCommand.PING, payload);
    expect(reports).toHaveLength(129);
    expect(parseCtapHidPacket(reports[128]!)).toMatchObject({ kind: 'cont', seq: 127 });
    expect(toHex(reassemble(reports)[0]!.payload)).toBe(toHex(payload));
    expect(() => encodeCtapHidMessage(1, CtapHidCommand.PING, new Uint8Array(CTAPHID_MAX_MESSAGE_SIZE + 1))).toThrow(CtapHidError);
  });

  const errorCodeOf = (action: () => unknown) => {
    try {
      action();
      return 0;
    } catch (error) {
      expect(error).toBeInstanceOf(CtapHidError);
      return (error as CtapHidError).errorCode;
    }
  };

  it('names each framing fault with its CTAPHID error code', () => {
    const reports = encodeCtapHidMessage(7, CtapHidCommand.CBOR, new Uint8Array(200));
    const init = parseCtapHidPacket(reports[0]!);
    if (init.kind !== 'init') throw new Error('expected init');
    // Wrong sequence number.
    const secondContinuation = parseCtapHidPacket(reports[2]!);
    if (secondContinuation.kind !== 'cont') throw new Error('expected a continuation');
    expect(errorCodeOf(() => new CtapHidMessageAssembler(init).add(secondContinuation))).toBe(CtapHidErrorCode.INVALID_SEQ);
    // A report that is not 64 bytes.
    expect(errorCodeOf(() => parseCtapHidPacket(new Uint8Array(63)))).toBe(CtapHidErrorCode.INVALID_LEN);
    // BCNT larger than the device accepts.
    expect(errorCodeOf(() => new CtapHidMessageAssembler({ ...init, length: 7610 }))).toBe(CtapHidErrorCode.INVALID_LEN);
    expect(errorCodeOf(() => new CtapHidMessageAssembler({ ...init, length: 1301 }, 1300))).toBe(CtapHidErrorCode.INVALID_LEN);
    // A continuation from another channel.
    const assembler = new CtapHidMessageAssembler(init);
    expect(errorCodeOf(() => assembler.add({ kind: 'cont', cid: 8, seq: 0, data: new Uint8Array(59) }))).toBe(CtapHidErrorCode.INVALID_CHANNEL);
  });

  it('takes continuation reports whole (addReport) as it takes their parsed packets, with the same faults', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 58, maxLength: 600 }), fc.integer({ min: 1, max: 0xfffffffe }), (payload, cid) => {
        const reports = encodeCtapHidMessage(cid, CtapHidCommand.CBOR, payload);
        const init = parseCtapHidPacket(reports[0]!);
        if (init.kind !== 'init') throw new Error('expected init');
        const assembler = new CtapHidMessageAssembler(init);
        for (const report of reports.slice(1)) assembler.addReport(report);
        expect(assembler.complete).toBe(true);
        expect(toHex(assembler.message().payload)).toBe(toHex(payload));
      }),
      { numRuns: 300 },
    );
    const reports = encodeCtapHidMessage(7, CtapHidCommand.CBOR, new Uint8Array(200));
    const init = parseCtapHidPacket(reports[0]!);
    if (init.kind !== 'init') throw new Error('expected init');
    expect(errorCodeOf(() => new CtapHidMessageAssembler(init).addReport(reports[2]!))).toBe(CtapHidErrorCode.INVALID_SEQ);
    expect(errorCodeOf(() => new CtapHidMessageAssembler(init).addReport(reports[1]!.subarray(0, 63)))).toBe(CtapHidErrorCode.INVALID_LEN);
    const otherChannel = encodeCtapHidMessage(8, CtapHidCommand.CBOR, new Uint8Array(200))[1]!;
    expect(errorCodeOf(() => new CtapHidMessageAssembler(init).addReport(otherChannel))).toBe(CtapHidErrorCode.INVALID_CHANNEL);
    const whole = new CtapHidMessageAssembler(init);
    for (const report of reports.slice(1)) whole.addReport(report);
    expect(errorCodeOf(() => whole.addReport(reports[1]!))).toBe(CtapHidErrorCode.INVALID_SEQ);
  });

  it('ends any sequence of random reports in messages or a CtapHidError (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 60, maxLength: 68 }), { maxLength: 20 }), (reports) => {
        try {
          reassemble(reports);
        } catch (error) {
          // `assembler!.add` on a stray continuation is the test driver's TypeError, not the codec's.
          if (error instanceof TypeError) return;
          expect(error).toBeInstanceOf(CtapHidError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
