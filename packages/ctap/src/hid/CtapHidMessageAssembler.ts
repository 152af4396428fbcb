import { CtapHidError } from './CtapHidError.js';
import { CTAPHID_MAX_MESSAGE_SIZE, CtapHidErrorCode } from './ctapHidConstants.js';
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
    if (packet.cid !== this.cid) throw new CtapHidError(CtapHidErrorCode.INVALID_CHANNEL, 'continuation for another channel');
    if (this.complete) throw new CtapHidError(CtapHidErrorCode.INVALID_SEQ, 'continuation after the message was complete');
    if (packet.seq !== this.nextSeq) {
      throw new CtapHidError(CtapHidErrorCode.INVALID_SEQ, `expected SEQ ${this.nextSeq}, got ${packet.seq}`);
    }
    const take = Math.min(packet.data.length, this.payload.length - this.filled);
    this.payload.set(packet.data.subarray(0, take), this.filled);
    this.filled += take;
    this.nextSeq++;
  }

  message(): CtapHidMessage {
    if (!this.complete) throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, 'message is not complete');
    return { cid: this.cid, command: this.command, payload: this.payload };
  }
}
