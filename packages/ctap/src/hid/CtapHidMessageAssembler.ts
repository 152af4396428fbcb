import { CtapHidError } from './CtapHidError.js';
import { CTAPHID_MAX_MESSAGE_SIZE, CTAPHID_REPORT_SIZE, CtapHidErrorCode } from './ctapHidConstants.js';

/** Where a continuation packet's data starts: after CID (4) and SEQ (1). */
const CONT_DATA_OFFSET = 5;
import type { CtapHidContinuationPacket, CtapHidInitPacket } from './parseCtapHidPacket.js';

export interface CtapHidMessage {
  cid: number;
  command: number;
  payload: Uint8Array;
}

/**
 * Reassembles one CTAPHID message from its init packet and continuation packets.
 * Both sides use it: the authenticator for requests, a client for responses.
 */
export class CtapHidMessageAssembler {
  readonly cid: number;
  readonly command: number;
  private readonly payload: Uint8Array;
  private filled: number;
  private nextSeq = 0;

  constructor(init: CtapHidInitPacket, maxMessageSize = CTAPHID_MAX_MESSAGE_SIZE) {
    if (init.length > maxMessageSize) {
      throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, `BCNT ${init.length} exceeds ${maxMessageSize}`);
    }
    this.cid = init.cid;
    this.command = init.command;
    this.payload = new Uint8Array(init.length);
    this.payload.set(init.data);
    this.filled = init.data.length;
  }

  get complete(): boolean {
    return this.filled === this.payload.length;
  }

  /** Adds the next continuation packet; a packet out of order is INVALID_SEQ. */
  add(packet: CtapHidContinuationPacket): void {
    this.append(packet.cid, packet.seq, packet.data, 0, packet.data.length);
  }

  /**
   * Adds the next continuation packet straight from its 64-byte report (CID, SEQ, data from byte 5), as `add`
   * does, without a parsed packet: a client reads most of an answer's reports this way.
   */
  addReport(report: Uint8Array): void {
    if (report.length !== CTAPHID_REPORT_SIZE) throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, `report of ${report.length} bytes`);
    const cid = ((report[0]! << 24) | (report[1]! << 16) | (report[2]! << 8) | report[3]!) >>> 0;
    this.append(cid, report[4]!, report, CONT_DATA_OFFSET, CTAPHID_REPORT_SIZE);
  }

  private append(cid: number, seq: number, source: Uint8Array, start: number, end: number): void {
    if (cid !== this.cid) throw new CtapHidError(CtapHidErrorCode.INVALID_CHANNEL, 'continuation for another channel');
    if (this.complete) throw new CtapHidError(CtapHidErrorCode.INVALID_SEQ, 'continuation after the message was complete');
    if (seq !== this.nextSeq) {
      throw new CtapHidError(CtapHidErrorCode.INVALID_SEQ, `expected SEQ ${this.nextSeq}, got ${seq}`);
    }
    const take = Math.min(end - start, this.payload.length - this.filled);
    // At most 59 bytes: a loop costs less than a subarray and a set.
    const payload = this.payload;
    for (let i = 0, at = this.filled; i < take; i++, at++) payload[at] = source[start + i]!;
    this.filled += take;
    this.nextSeq++;
  }

  message(): CtapHidMessage {
    if (!this.complete) throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, 'message is not complete');
    return { cid: this.cid, command: this.command, payload: this.payload };
  }
}
