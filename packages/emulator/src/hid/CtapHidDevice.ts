import { randomBytes } from 'node:crypto';
import {
  CTAPHID_BROADCAST_CID,
  CTAPHID_INIT_NONCE_SIZE,
  CTAPHID_MAX_LOCK_SECONDS,
  CTAPHID_PROTOCOL_VERSION,
  CtapHidCapability,
  CtapHidCommand,
  CtapHidError,
  CtapHidErrorCode,
  CtapHidKeepaliveStatus,
  CtapHidMessageAssembler,
  encodeCtapHidMessage,
  parseCtapHidPacket,
  type CtapHidContinuationPacket,
  type CtapHidInitPacket,
  type CtapHidKeepaliveStatusCode,
  type CtapHidMessage,
  systemClock,
  type Clock,
} from '@keybridge/ctap';
import type { Authenticator } from '../Authenticator.js';
import type { RequestContext } from '../userPresence/RequestContext.js';

/** Where the reports answering one request go (e.g. the UDP peer that sent it). */
export type CtapHidReplyTo = (report: Uint8Array) => void;

/** The part of an `Authenticator` the HID layer uses; `config.ctap2` false is a U2F-only key (no CBOR capability). */
export type CtapHidAuthenticator = Pick<Authenticator, 'handleCtap2' | 'handleU2f' | 'winks'> & { readonly config: { readonly ctap2: boolean } };

export interface CtapHidDeviceOptions {
  /** How long a message may wait for its next continuation packet before MSG_TIMEOUT; default 500 ms. */
  messageTimeoutMs?: number;
  /** KEEPALIVE period while a CBOR or MSG request runs; default 100 ms. */
  keepaliveIntervalMs?: number;
  /** Allocated channels kept; the least recently used one is forgotten first. Default 64. */
  maxChannels?: number;
  /** Reported by INIT as major.minor.build; default 1.0.0. */
  deviceVersion?: readonly [number, number, number];
  /** The clock of LOCK expiry, the message timeout and the keep-alive period (tests inject a virtual one). */
  clock?: Clock;
}

interface Receiving {
  phase: 'receiving';
  cid: number;
  replyTo: CtapHidReplyTo;
  assembler: CtapHidMessageAssembler;
  cancelTimer?: () => void;
}

interface Processing {
  phase: 'processing';
  cid: number;
  abort: AbortController;
  cancelKeepalive?: () => void;
}

/** The one transaction the device serves at a time: a request being reassembled, or being answered. */
type Transaction = Receiving | Processing;

/**
 * The device side of CTAPHID (CTAP 2.1 §11.2) around an authenticator: 64-byte reports in, 64-byte reports out.
 * Transport-free: a UDP server or an in-process connection feeds `receive` and delivers what `replyTo` gets.
 *
 * Rules, after the spec and the solo / OpenSK firmwares:
 * - One transaction at a time, device-wide: a request from another channel while one is being received or
 *   answered gets CHANNEL_BUSY, and so does a second request on the busy channel itself. INIT is answered even
 *   then: it needs no authenticator, and a client must be able to open a channel next to a long touch wait.
 * - CANCEL never gets an answer. On the channel whose request runs it aborts the RequestContext signal (the
 *   authenticator answers KEEPALIVE_CANCEL); mid-message it drops the message; anywhere else it is ignored.
 * - LOCK (1..10 s; 0 releases) makes every other channel, broadcast INIT included, get CHANNEL_BUSY.
 * - INIT on broadcast allocates a fresh random CID; INIT on an allocated channel drops that channel's transaction.
 * - A non-INIT request on CID 0, on broadcast or on a CID we did not allocate (or forgot) is INVALID_CHANNEL.
 * - A continuation packet that does not continue the message being received is ignored (spurious); a wrong SEQ is
 *   INVALID_SEQ and drops the message; a new request on the channel mid-message is INVALID_SEQ and drops both.
 * - A message whose next packet does not come within `messageTimeoutMs` gets MSG_TIMEOUT and frees the device
 *   (the channel stays allocated).
 * - A report that is not 64 bytes gets INVALID_LEN on the CID in its first 4 bytes (shorter ones are dropped).
 */
export class CtapHidDevice {
  private readonly messageTimeoutMs: number;
  private readonly keepaliveIntervalMs: number;
  private readonly maxChannels: number;
  private readonly deviceVersion: readonly [number, number, number];
  private readonly clock: Clock;
  /** Allocated CIDs, least recently used first. */
  private readonly channels = new Set<number>();
  private transaction: Transaction | undefined;
  private lock: { cid: number; until: number } | undefined;
  /** Authenticator calls not settled yet, also after their transaction was dropped: close() waits for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly authenticator: CtapHidAuthenticator,
    options: CtapHidDeviceOptions = {},
  ) {
    this.messageTimeoutMs = options.messageTimeoutMs ?? 500;
    this.keepaliveIntervalMs = options.keepaliveIntervalMs ?? 100;
    this.maxChannels = Math.max(1, options.maxChannels ?? 64);
    this.deviceVersion = options.deviceVersion ?? [1, 0, 0];
    this.clock = options.clock ?? systemClock;
  }

  /** One report in. Never throws: every fault ends as an ERROR packet (or silence, where the spec says so). */
  receive(report: Uint8Array, replyTo: CtapHidReplyTo): void {
    if (this.closed || report.length < 4) return;
    const cid = new DataView(report.buffer, report.byteOffset, 4).getUint32(0);
    try {
      this.handleReport(report, replyTo);
    } catch (error) {
      if (error instanceof CtapHidError) {
        this.sendError(cid, error.errorCode, replyTo);
        return;
      }
      process.stderr.write(`keybridge-emulator: internal CTAPHID error: ${(error as Error).stack ?? String(error)}\n`);
      if (this.transaction?.cid === cid) this.dropTransaction();
      this.sendError(cid, CtapHidErrorCode.OTHER, replyTo);
    }
  }

  /** Stops answering, cancels the pending request and resolves once the authenticator is done with it. */
  async close(): Promise<void> {
    this.closed = true;
    this.dropTransaction();
    this.lock = undefined;
    this.channels.clear();
    await Promise.all(this.inFlight);
  }

  /**
   * Every host closed the device (uhid's CLOSE): nobody can read the answer of the request in progress, so it is
   * cancelled and a LOCK released, and the next program does not find the key busy. Channels stay allocated.
   */
  hostsGone(): void {
    this.dropTransaction();
    this.lock = undefined;
  }

  private handleReport(report: Uint8Array, replyTo: CtapHidReplyTo): void {
    const packet = parseCtapHidPacket(report);
    if (this.lock && this.clock.now() >= this.lock.until) this.lock = undefined;
    if (packet.kind === 'cont') this.handleContinuation(packet);
    else if (packet.command === CtapHidCommand.INIT) this.handleInit(packet, replyTo);
    else this.handleRequestStart(packet, replyTo);
  }

  private handleInit(packet: CtapHidInitPacket, replyTo: CtapHidReplyTo): void {
    const { cid } = packet;
    if (cid === 0) throw new CtapHidError(CtapHidErrorCode.INVALID_CHANNEL, 'CID 0 is reserved');
    if (this.lockedByOther(cid)) throw new CtapHidError(CtapHidErrorCode.CHANNEL_BUSY, 'another channel holds the lock');
    if (packet.length !== CTAPHID_INIT_NONCE_SIZE) throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, 'INIT takes an 8-byte nonce');
    let assigned: number;
    if (cid === CTAPHID_BROADCAST_CID) {
      assigned = this.allocateChannel();
    } else {
      if (!this.channels.has(cid)) throw new CtapHidError(CtapHidErrorCode.INVALID_CHANNEL, 'INIT on a channel that was not allocated');
      this.touch(cid);
      // Resynchronisation: whatever this channel had going is abandoned.
      if (this.transaction?.cid === cid) this.dropTransaction();
      assigned = cid;
    }
    const response = new Uint8Array(17);
    response.set(packet.data.subarray(0, CTAPHID_INIT_NONCE_SIZE));
    new DataView(response.buffer).setUint32(8, assigned);
    response[12] = CTAPHID_PROTOCOL_VERSION;
    response.set(this.deviceVersion, 13);
    // MSG is always implemented, so NMSG stays clear; CBOR only where CTAP2 is on.
    response[16] = CtapHidCapability.WINK | (this.authenticator.config.ctap2 ? CtapHidCapability.CBOR : 0);
    this.send(cid, CtapHidCommand.INIT, response, replyTo);
  }

  private handleRequestStart(packet: CtapHidInitPacket, replyTo: CtapHidReplyTo): void {
    const { cid, command } = packet;
    if (cid === 0 || cid === CTAPHID_BROADCAST_CID || !this.channels.has(cid)) {
      throw new CtapHidError(CtapHidErrorCode.INVALID_CHANNEL, `no channel 0x${cid.toString(16).padStart(8, '0')}`);
    }
    this.touch(cid);
    const current = this.transaction;
    if (command === CtapHidCommand.CANCEL) {
      // Never answered. Only the channel's own transaction can be cancelled.
      if (current?.cid !== cid) return;
      if (current.phase === 'processing') current.abort.abort();
      else this.dropTransaction();
      return;
    }
    if (this.lockedByOther(cid)) throw new CtapHidError(CtapHidErrorCode.CHANNEL_BUSY, 'another channel holds the lock');
    if (current) {
      if (current.cid === cid && current.phase === 'receiving') {
        this.dropTransaction();
        throw new CtapHidError(CtapHidErrorCode.INVALID_SEQ, 'a new request before the previous message was complete');
      }
      throw new CtapHidError(CtapHidErrorCode.CHANNEL_BUSY, `busy with channel 0x${current.cid.toString(16).padStart(8, '0')}`);
    }
    const assembler = new CtapHidMessageAssembler(packet);
    if (assembler.complete) {
      this.dispatch(assembler.message(), replyTo);
      return;
    }
    const receiving: Receiving = { phase: 'receiving', cid, replyTo, assembler };
    this.transaction = receiving;
    this.armMessageTimer(receiving);
  }

  private handleContinuation(packet: CtapHidContinuationPacket): void {
    const current = this.transaction;
    if (current?.phase !== 'receiving' || current.cid !== packet.cid) return; // spurious: ignored, as the spec says
    this.touch(packet.cid);
    try {
      current.assembler.add(packet);
    } catch (error) {
      this.dropTransaction();
      throw error;
    }
    if (!current.assembler.complete) {
      this.armMessageTimer(current);
      return;
    }
    this.endTransaction(current);
    this.dispatch(current.assembler.message(), current.replyTo);
  }

  private armMessageTimer(receiving: Receiving): void {
    receiving.cancelTimer?.();
    receiving.cancelTimer = this.clock.schedule(() => {
      if (this.transaction !== receiving) return;
      this.endTransaction(receiving);
      this.sendError(receiving.cid, CtapHidErrorCode.MSG_TIMEOUT, receiving.replyTo);
    }, this.messageTimeoutMs, { background: true });
  }

  private dispatch(message: CtapHidMessage, replyTo: CtapHidReplyTo): void {
    const { cid, command, payload } = message;
    switch (command) {
      case CtapHidCommand.PING:
        this.send(cid, CtapHidCommand.PING, payload, replyTo);
        return;
      case CtapHidCommand.WINK:
        this.authenticator.winks++;
        this.send(cid, CtapHidCommand.WINK, new Uint8Array(0), replyTo);
        return;
      case CtapHidCommand.LOCK:
        this.handleLock(cid, payload, replyTo);
        return;
      case CtapHidCommand.CBOR:
        // A U2F-only key does not know the command at all.
        if (!this.authenticator.config.ctap2) throw new CtapHidError(CtapHidErrorCode.INVALID_CMD, 'CBOR on a U2F-only key');
      // falls through
      case CtapHidCommand.MSG:
        if (payload.length === 0) throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, 'empty request');
        this.serve(cid, command, payload, replyTo);
        return;
      default:
        throw new CtapHidError(CtapHidErrorCode.INVALID_CMD, `command 0x${command.toString(16)}`);
    }
  }

  private handleLock(cid: number, payload: Uint8Array, replyTo: CtapHidReplyTo): void {
    if (payload.length !== 1) throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, 'LOCK takes one byte');
    const seconds = payload[0]!;
    if (seconds > CTAPHID_MAX_LOCK_SECONDS) throw new CtapHidError(CtapHidErrorCode.INVALID_PAR, `LOCK for ${seconds} s`);
    this.lock = seconds === 0 ? undefined : { cid, until: this.clock.now() + seconds * 1000 };
    this.send(cid, CtapHidCommand.LOCK, new Uint8Array(0), replyTo);
  }

  /** A CBOR or MSG request: the authenticator answers later; KEEPALIVEs say what it is doing meanwhile. */
  private serve(cid: number, command: number, payload: Uint8Array, replyTo: CtapHidReplyTo): void {
    const processing: Processing = { phase: 'processing', cid, abort: new AbortController() };
    this.transaction = processing;
    let status: CtapHidKeepaliveStatusCode = CtapHidKeepaliveStatus.PROCESSING;
    const keepalive = () => {
      if (this.transaction === processing) this.send(cid, CtapHidCommand.KEEPALIVE, Uint8Array.of(status), replyTo);
    };
    const period = () => {
      processing.cancelKeepalive = this.clock.schedule(() => {
        keepalive();
        if (this.transaction === processing) period();
      }, this.keepaliveIntervalMs, { background: true });
    };
    period();
    const context: RequestContext = {
      signal: processing.abort.signal,
      onStatus: (next) => {
        const code = next === 'upneeded' ? CtapHidKeepaliveStatus.UPNEEDED : CtapHidKeepaliveStatus.PROCESSING;
        if (code === status) return;
        status = code;
        // The host learns at once that a touch is wanted; the switch back shows in the next periodic one.
        if (code === CtapHidKeepaliveStatus.UPNEEDED) keepalive();
      },
    };
    const work =
      command === CtapHidCommand.CBOR ? this.authenticator.handleCtap2(payload, context) : this.authenticator.handleU2f(payload, context);
    const settled: Promise<void> = Promise.resolve(work)
      .then(
        (response) => {
          if (this.transaction !== processing) return; // dropped by INIT or close(): nobody waits for it
          this.endTransaction(processing);
          this.send(cid, command, response, replyTo);
        },
        (error: unknown) => {
          process.stderr.write(`keybridge-emulator: the authenticator failed: ${(error as Error)?.stack ?? String(error)}\n`);
          if (this.transaction !== processing) return;
          this.endTransaction(processing);
          this.sendError(cid, CtapHidErrorCode.OTHER, replyTo);
        },
      )
      .finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }

  /** Ends the transaction, cancelling the authenticator's work if it is still running. */
  private dropTransaction(): void {
    const current = this.transaction;
    if (!current) return;
    if (current.phase === 'processing') current.abort.abort();
    this.endTransaction(current);
  }

  private endTransaction(transaction: Transaction): void {
    if (transaction.phase === 'receiving') transaction.cancelTimer?.();
    else transaction.cancelKeepalive?.();
    if (this.transaction === transaction) this.transaction = undefined;
  }

  private lockedByOther(cid: number): boolean {
    return this.lock !== undefined && this.lock.cid !== cid;
  }

  private touch(cid: number): void {
    this.channels.delete(cid);
    this.channels.add(cid);
  }

  private allocateChannel(): number {
    while (this.channels.size >= this.maxChannels) {
      let evicted = false;
      for (const candidate of this.channels) {
        if (candidate === this.transaction?.cid || candidate === this.lock?.cid) continue;
        this.channels.delete(candidate);
        evicted = true;
        break;
      }
      if (!evicted) break;
    }
    let cid: number;
    do cid = randomBytes(4).readUInt32BE(0);
    while (cid === 0 || cid === CTAPHID_BROADCAST_CID || this.channels.has(cid));
    this.channels.add(cid);
    return cid;
  }

  private sendError(cid: number, errorCode: number, replyTo: CtapHidReplyTo): void {
    this.send(cid, CtapHidCommand.ERROR, Uint8Array.of(errorCode), replyTo);
  }

  /** Frames and delivers one message; a delivery that throws (a closed socket) is the transport's business. */
  private send(cid: number, command: number, payload: Uint8Array, replyTo: CtapHidReplyTo): void {
    let reports: Uint8Array[];
    try {
      reports = encodeCtapHidMessage(cid, command, payload);
    } catch {
      // A response larger than CTAPHID can carry is our bug, not the host's.
      process.stderr.write(`keybridge-emulator: a ${payload.length}-byte response does not fit in CTAPHID\n`);
      reports = encodeCtapHidMessage(cid, CtapHidCommand.ERROR, Uint8Array.of(CtapHidErrorCode.OTHER));
    }
    try {
      for (const report of reports) replyTo(report);
    } catch {
      // Nothing to do: the peer is gone.
    }
  }
}
