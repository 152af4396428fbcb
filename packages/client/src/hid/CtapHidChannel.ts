import { randomBytes } from 'node:crypto';
import {
  CTAPHID_BROADCAST_CID,
  CTAPHID_INIT_NONCE_SIZE,
  CTAPHID_MAX_LOCK_SECONDS,
  CTAPHID_MAX_MESSAGE_SIZE,
  CTAPHID_REPORT_SIZE,
  CtapHidCapability,
  CtapHidCommand,
  CtapHidError,
  CtapHidErrorCode,
  CtapHidKeepaliveStatus,
  CtapHidMessageAssembler,
  encodeCtapHidMessage,
  equalBytes,
  parseCtapHidPacket,
  SerialQueue,
  systemClock,
  type Clock,
  type CtapHidKeepaliveStatusCode,
  type CtapHidPacket,
} from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { ReportTransport } from '../transports/ReportTransport.js';
import type { CtapDevice, CtapRequestOptions } from './CtapDevice.js';

export interface CtapHidChannelOptions {
  /** How long open() (and a later re-INIT) waits for the INIT answer; default 3000 ms. */
  initTimeoutMs?: number;
  /** The limit of a request whose options give no `timeoutMs`; default 30 000 ms (long enough for a touch). */
  requestTimeoutMs?: number;
  /** How long a request answered with CHANNEL_BUSY (another application is using the key) is retried; default 5000 ms. */
  busyRetryMs?: number;
  /** After CTAPHID_CANCEL, how long the device gets to answer the cancelled request; default 500 ms. */
  cancelGraceMs?: number;
  /** Aborts open(). */
  signal?: AbortSignal;
  /** Deadlines, grace periods and backoff run on this clock (tests inject a virtual one); default the system's. */
  clock?: Clock;
}

/** What the INIT response says (CTAP 2.1 §11.2.9.1.3). */
interface InitResponse {
  cid: number;
  protocolVersion: number;
  deviceVersion: readonly [number, number, number];
  capabilities: number;
}

/** How one request ended on the wire: the response payload, or a CTAPHID ERROR code. */
type Outcome = { kind: 'response'; payload: Uint8Array } | { kind: 'error'; errorCode: number };

const ABORTED = Symbol('aborted');

/** Longest single transport read: bounds how long a HID write (queued behind a read in node-hid) or close() waits. */
const READ_SLICE_MS = 100;
const BUSY_BACKOFF_FIRST_MS = 10;
const BUSY_BACKOFF_MAX_MS = 250;

const hex32 = (value: number) => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;

interface AbortWatch {
  readonly signal: AbortSignal | undefined;
  /** Resolves with ABORTED when the signal fires (undefined without a signal). */
  readonly fired: Promise<typeof ABORTED> | undefined;
  dispose(): void;
}

function watchAbort(signal: AbortSignal | undefined): AbortWatch {
  if (!signal) return { signal, fired: undefined, dispose: () => undefined };
  let listener: (() => void) | undefined;
  const fired = new Promise<typeof ABORTED>((resolve) => {
    if (signal.aborted) return resolve(ABORTED);
    listener = () => resolve(ABORTED);
    signal.addEventListener('abort', listener, { once: true });
  });
  return { signal, fired, dispose: () => listener && signal.removeEventListener('abort', listener) };
}

function cancelled(description: string): CtapClientError {
  return new CtapClientError('CANCELLED', `the request to ${description} was cancelled`);
}

/** A transport failure that is not already typed becomes DEVICE_GONE, so callers only ever see typed errors. */
function typedTransportError(error: unknown, description: string): Error {
  if (error instanceof CtapClientError || error instanceof CtapHidError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new CtapClientError('DEVICE_GONE', `${description}: ${detail}`, { cause: error });
}

function parseReport(report: Uint8Array): CtapHidPacket | undefined {
  // Only a 64-byte report is a CTAPHID packet; anything else is noise on the line and is skipped.
  return report.length === CTAPHID_REPORT_SIZE ? parseCtapHidPacket(report) : undefined;
}

/** Whether `report` is a 64-byte continuation packet (bit 7 of byte 4 clear) on channel `cid`. */
function isContinuationOn(report: Uint8Array, cid: number): boolean {
  return (
    report.length === CTAPHID_REPORT_SIZE &&
    (report[4]! & 0x80) === 0 &&
    ((report[0]! << 24) | (report[1]! << 16) | (report[2]! << 8) | report[3]!) >>> 0 === cid
  );
}

/**
 * One CTAPHID channel on a device (CTAP 2.1 §11.2): INIT with a nonce, fragmentation and reassembly, KEEPALIVE,
 * CANCEL, ERROR packets, CHANNEL_BUSY retries and resynchronisation. Requests on a channel run one at a time.
 * A channel reads every report of its transport; reports for other channels (other applications on the same
 * key) are skipped. Give each channel its own transport.
 */
export class CtapHidChannel implements CtapDevice {
  readonly description: string;
  private init: InitResponse;
  private readonly initTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly busyRetryMs: number;
  private readonly cancelGraceMs: number;
  private readonly clock: Clock;
  /** Requests run one at a time: each starts when the one before it has settled. */
  private readonly requests = new SerialQueue();
  /** A transport read still running after its reader gave up on it (abort): the next reader takes it over. */
  private pendingReceive: Promise<Uint8Array | undefined> | undefined;
  /** Set when the device may still send answers to an abandoned request: the next request re-INITs first. */
  private needsResync = false;
  private closed = false;

  private constructor(
    private readonly transport: ReportTransport,
    init: InitResponse,
    options: CtapHidChannelOptions,
  ) {
    this.init = init;
    this.description = transport.description;
    this.initTimeoutMs = options.initTimeoutMs ?? 3000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.busyRetryMs = options.busyRetryMs ?? 5000;
    this.cancelGraceMs = options.cancelGraceMs ?? 500;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Allocates a channel: INIT on the broadcast CID with a random 8-byte nonce. Answers carrying another nonce
   * (other applications opening channels at the same time) are ignored. No answer in time is TIMEOUT.
   * On failure the transport is left open (the caller owns it until open() succeeds).
   */
  static async open(transport: ReportTransport, options: CtapHidChannelOptions = {}): Promise<CtapHidChannel> {
    const placeholder: InitResponse = { cid: CTAPHID_BROADCAST_CID, protocolVersion: 0, deviceVersion: [0, 0, 0], capabilities: 0 };
    const channel = new CtapHidChannel(transport, placeholder, options);
    const abort = watchAbort(options.signal);
    try {
      if (options.signal?.aborted) throw cancelled(channel.description);
      channel.init = await channel.initOn(CTAPHID_BROADCAST_CID, channel.clock.now() + channel.initTimeoutMs, abort);
    } finally {
      abort.dispose();
    }
    return channel;
  }

  /** The channel id the device allocated (it changes if the device forgot it and the channel re-INITs). */
  get cid(): number {
    return this.init.cid;
  }

  /** CTAPHID protocol version from INIT (2 for CTAP2 / U2F HID devices). */
  get protocolVersion(): number {
    return this.init.protocolVersion;
  }

  get deviceVersion(): readonly [number, number, number] {
    return this.init.deviceVersion;
  }

  /** CtapHidCapability flags: WINK 01, CBOR 04, NMSG 08. */
  get capabilities(): number {
    return this.init.capabilities;
  }

  /** CTAPHID_CBOR: CTAP2 command byte + CBOR in, status byte + CBOR out (a non-zero status is returned, not thrown). */
  async cbor(message: Uint8Array, options?: CtapRequestOptions): Promise<Uint8Array> {
    if (!(this.capabilities & CtapHidCapability.CBOR)) throw new CtapClientError('UNSUPPORTED', `${this.description} does not speak CTAP2 (no CBOR capability)`);
    if (message.length === 0) throw new CtapClientError('BAD_REQUEST', 'a CTAP2 message needs at least its command byte');
    const response = await this.request(CtapHidCommand.CBOR, message, options);
    if (response.length === 0) throw new CtapClientError('PROTOCOL_ERROR', `${this.description} answered CBOR without a status byte`);
    return response;
  }

  /** CTAPHID_MSG: a U2F APDU in, response data + status word out. */
  async msg(apdu: Uint8Array, options?: CtapRequestOptions): Promise<Uint8Array> {
    if (this.capabilities & CtapHidCapability.NMSG) throw new CtapClientError('UNSUPPORTED', `${this.description} does not speak CTAP1/U2F (NMSG capability)`);
    if (apdu.length === 0) throw new CtapClientError('BAD_REQUEST', 'an empty APDU');
    const response = await this.request(CtapHidCommand.MSG, apdu, options);
    if (response.length < 2) throw new CtapClientError('PROTOCOL_ERROR', `${this.description} answered MSG without a status word`);
    return response;
  }

  /** CTAPHID_PING: the device echoes the data (up to 7609 bytes); an echo that differs is PROTOCOL_ERROR. */
  async ping(data: Uint8Array, options?: CtapRequestOptions): Promise<Uint8Array> {
    const echo = await this.request(CtapHidCommand.PING, data, options);
    if (!equalBytes(echo, data)) {
      throw new CtapClientError('PROTOCOL_ERROR', `${this.description} echoed ${echo.length} bytes that differ from the ${data.length} pinged`);
    }
    return echo;
  }

  /** CTAPHID_WINK: the key blinks. UNSUPPORTED when INIT did not announce the WINK capability. */
  async wink(options?: CtapRequestOptions): Promise<void> {
    if (!(this.capabilities & CtapHidCapability.WINK)) throw new CtapClientError('UNSUPPORTED', `${this.description} cannot wink`);
    await this.request(CtapHidCommand.WINK, new Uint8Array(0), options);
  }

  /** CTAPHID_LOCK: only this channel may talk to the device for `seconds` (0..10); 0 releases the lock. */
  async lock(seconds: number, options?: CtapRequestOptions): Promise<void> {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > CTAPHID_MAX_LOCK_SECONDS) {
      throw new CtapClientError('BAD_REQUEST', `LOCK takes 0 to ${CTAPHID_MAX_LOCK_SECONDS} seconds, not ${seconds}`);
    }
    await this.request(CtapHidCommand.LOCK, Uint8Array.of(seconds), options);
  }

  /** Closes the transport; a request in progress fails with the transport's DEVICE_GONE. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.transport.close();
  }

  /** One request/response, after the ones queued before it. */
  private request(command: number, payload: Uint8Array, options: CtapRequestOptions = {}): Promise<Uint8Array> {
    if (payload.length > CTAPHID_MAX_MESSAGE_SIZE) {
      return Promise.reject(new CtapClientError('BAD_REQUEST', `a CTAPHID message holds at most ${CTAPHID_MAX_MESSAGE_SIZE} bytes, not ${payload.length}`));
    }
    return this.requests.run(() => this.transact(command, payload, options));
  }

  private async transact(command: number, payload: Uint8Array, options: CtapRequestOptions): Promise<Uint8Array> {
    if (this.closed) throw new CtapClientError('DEVICE_GONE', `the channel to ${this.description} is closed`);
    if (options.signal?.aborted) throw cancelled(this.description);
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const deadline = this.clock.now() + timeoutMs;
    const abort = watchAbort(options.signal);
    try {
      if (this.needsResync) await this.resync(deadline, abort);
      const busy = new BusyBackoff(Math.min(deadline, this.clock.now() + this.busyRetryMs));
      let reinitialized = false;
      for (;;) {
        const outcome = await this.exchange(command, payload, deadline, timeoutMs, abort, options.onKeepalive);
        if (outcome.kind === 'response') return outcome.payload;
        const { errorCode } = outcome;
        const delay = errorCode === CtapHidErrorCode.CHANNEL_BUSY ? busy.nextDelay(this.clock.now()) : undefined;
        if (delay !== undefined) {
          // Another application holds the key (a touch wait, or LOCK): nothing of ours is pending, so just wait.
          await this.sleep(delay, abort);
          continue;
        }
        if (errorCode === CtapHidErrorCode.INVALID_CHANNEL && !reinitialized) {
          // The device forgot our channel (it was reset, re-plugged, or evicted it for another): get a new one, once.
          reinitialized = true;
          this.init = await this.initOn(CTAPHID_BROADCAST_CID, Math.min(deadline, this.clock.now() + this.initTimeoutMs), abort);
          continue;
        }
        throw new CtapHidError(errorCode, `from ${this.description}`);
      }
    } finally {
      abort.dispose();
    }
  }

  /** Sends the request and reads until its response, an ERROR, the deadline or an abort. */
  private async exchange(
    command: number,
    payload: Uint8Array,
    deadline: number,
    timeoutMs: number,
    abort: AbortWatch,
    onKeepalive: ((status: CtapHidKeepaliveStatusCode) => void) | undefined,
  ): Promise<Outcome> {
    // A message is always sent whole (one cut short would leave the device waiting for its continuations), and in
    // one burst: transports queue writes in order, and a device woken once reads them all.
    await this.sendAll(encodeCtapHidMessage(this.cid, command, payload));
    let assembler: CtapHidMessageAssembler | undefined;
    let lastKeepalive: number | undefined;
    for (;;) {
      // A part of the answer already read is handed over, so the cancel can finish it instead of waiting it out.
      if (abort.signal?.aborted) return this.cancel(command, assembler);
      const report = await this.nextReport(deadline, abort);
      if (report === ABORTED) continue;
      if (report === undefined) return this.abandon(command, timeoutMs, lastKeepalive);
      if (assembler && isContinuationOn(report, this.cid)) {
        // Most of an answer: read from the report as it is, without a parsed packet.
        try {
          assembler.addReport(report);
        } catch (error) {
          throw this.protocolFault(error);
        }
        if (assembler.complete) return { kind: 'response', payload: assembler.message().payload };
        continue;
      }
      const packet = parseReport(report);
      if (packet?.cid !== this.cid) continue;
      if (packet.kind === 'cont') continue; // a stray continuation (the tail of something we did not wait for)
      if (packet.command === CtapHidCommand.KEEPALIVE) {
        const status = packet.data[0];
        if (status !== CtapHidKeepaliveStatus.PROCESSING && status !== CtapHidKeepaliveStatus.UPNEEDED) continue;
        lastKeepalive = status;
        this.notify(onKeepalive, status);
        continue;
      }
      if (packet.command === CtapHidCommand.ERROR) return { kind: 'error', errorCode: packet.data[0] ?? CtapHidErrorCode.OTHER };
      if (packet.command !== command) continue; // a late answer to another command
      try {
        assembler = new CtapHidMessageAssembler(packet);
      } catch (error) {
        throw this.protocolFault(error);
      }
      if (assembler.complete) return { kind: 'response', payload: assembler.message().payload };
    }
  }

  /**
   * The user aborted: CTAPHID_CANCEL, then give the device a moment to end the request (KEEPALIVE_CANCEL).
   * `partial` is an answer whose first reports were read before the abort: the device is past the point of
   * cancelling, so its remaining reports settle the request.
   */
  private async cancel(command: number, partial: CtapHidMessageAssembler | undefined): Promise<never> {
    await this.send(encodeCtapHidMessage(this.cid, CtapHidCommand.CANCEL, new Uint8Array(0))[0]!);
    const graceUntil = this.clock.now() + this.cancelGraceMs;
    let assembler = partial;
    let settled = false;
    try {
      while (!settled) {
        const report = await this.nextReport(graceUntil, undefined);
        if (report === undefined || report === ABORTED) break;
        const packet = parseReport(report);
        if (packet?.cid !== this.cid) continue;
        if (packet.kind === 'cont') {
          if (!assembler) continue;
          assembler.add(packet);
          settled = assembler.complete;
        } else if (packet.command === CtapHidCommand.ERROR) {
          settled = true;
        } else if (packet.command === command) {
          assembler = new CtapHidMessageAssembler(packet);
          settled = assembler.complete;
        }
      }
    } catch (error) {
      if (!(error instanceof CtapHidError)) throw error;
      // A garbled answer: the resync below deals with whatever is left of it.
    }
    // Without an answer in the grace time the device may still send one: the next request resynchronises first.
    if (!settled) this.needsResync = true;
    throw cancelled(this.description);
  }

  /** The deadline passed: cancel what the device may still be doing, resynchronise before the next request. */
  private async abandon(command: number, timeoutMs: number, lastKeepalive: number | undefined): Promise<never> {
    this.needsResync = true;
    if (command === CtapHidCommand.CBOR || command === CtapHidCommand.MSG) {
      try {
        await this.send(encodeCtapHidMessage(this.cid, CtapHidCommand.CANCEL, new Uint8Array(0))[0]!);
      } catch {
        // The timeout is the news; a transport that also fails will say so on the next request.
      }
    }
    const waiting = lastKeepalive === CtapHidKeepaliveStatus.UPNEEDED ? ' (it was waiting for a touch)' : '';
    throw new CtapClientError('TIMEOUT', `${this.description} did not answer within ${timeoutMs} ms${waiting}`);
  }

  /**
   * INIT on our own channel: the device drops whatever it was doing for us and answers with our nonce, so every
   * report before that answer (late replies to an abandoned request) is skipped. A device that forgot the
   * channel answers INVALID_CHANNEL: then a new channel from broadcast.
   */
  private async resync(deadline: number, abort: AbortWatch): Promise<void> {
    const until = Math.min(deadline, this.clock.now() + this.initTimeoutMs);
    try {
      this.init = await this.initOn(this.cid, until, abort);
    } catch (error) {
      if (!(error instanceof CtapHidError) || error.errorCode !== CtapHidErrorCode.INVALID_CHANNEL) throw error;
      this.init = await this.initOn(CTAPHID_BROADCAST_CID, until, abort);
    }
    this.needsResync = false;
  }

  /** CTAPHID_INIT on `cid` (broadcast to allocate a channel), retried while the device is busy or locked. */
  private async initOn(cid: number, deadline: number, abort: AbortWatch): Promise<InitResponse> {
    const busy = new BusyBackoff(Math.min(deadline, this.clock.now() + this.busyRetryMs));
    for (;;) {
      const nonce = randomBytes(CTAPHID_INIT_NONCE_SIZE);
      await this.send(encodeCtapHidMessage(cid, CtapHidCommand.INIT, nonce)[0]!);
      const outcome = await this.awaitInit(cid, nonce, deadline, abort);
      if (outcome.kind === 'response') return outcome.init;
      const delay = outcome.errorCode === CtapHidErrorCode.CHANNEL_BUSY ? busy.nextDelay(this.clock.now()) : undefined;
      if (delay !== undefined) {
        await this.sleep(delay, abort);
        continue;
      }
      throw new CtapHidError(outcome.errorCode, `INIT on ${this.description}`);
    }
  }

  private async awaitInit(
    cid: number,
    nonce: Uint8Array,
    deadline: number,
    abort: AbortWatch,
  ): Promise<{ kind: 'response'; init: InitResponse } | { kind: 'error'; errorCode: number }> {
    for (;;) {
      if (abort.signal?.aborted) throw cancelled(this.description);
      const report = await this.nextReport(deadline, abort);
      if (report === ABORTED) continue;
      if (report === undefined) {
        throw new CtapClientError('TIMEOUT', `${this.description} did not answer CTAPHID_INIT in time (is it a FIDO security key?)`);
      }
      const packet = parseReport(report);
      if (packet?.kind !== 'init' || packet.cid !== cid) continue;
      if (packet.command === CtapHidCommand.ERROR) {
        const errorCode = packet.data[0] ?? CtapHidErrorCode.OTHER;
        // On broadcast an error may answer another application's INIT; only "busy" (a LOCK) surely concerns us too.
        if (cid !== CTAPHID_BROADCAST_CID || errorCode === CtapHidErrorCode.CHANNEL_BUSY) return { kind: 'error', errorCode };
        continue;
      }
      // The 17-byte answer fits in the init packet; one with another nonce is someone else's.
      if (packet.command !== CtapHidCommand.INIT || packet.length < 17 || packet.data.length < 17) continue;
      if (!equalBytes(packet.data.subarray(0, CTAPHID_INIT_NONCE_SIZE), nonce)) continue;
      const data = packet.data;
      const allocated = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(8);
      if (allocated === 0 || allocated === CTAPHID_BROADCAST_CID) {
        throw new CtapClientError('PROTOCOL_ERROR', `${this.description} allocated the reserved channel ${hex32(allocated)}`);
      }
      return {
        kind: 'response',
        init: { cid: allocated, protocolVersion: data[12]!, deviceVersion: [data[13]!, data[14]!, data[15]!], capabilities: data[16]! },
      };
    }
  }

  /**
   * The next report, undefined once `until` has passed, or ABORTED when the abort fires first. A read the
   * abort interrupted stays pending, even if it completes a moment later, and is handed to the next caller, so
   * no report is ever lost (the first report of an answer, read as the abort lands, must reach the cancel).
   */
  private async nextReport(until: number, abort: AbortWatch | undefined): Promise<Uint8Array | undefined | typeof ABORTED> {
    for (;;) {
      if (abort?.signal?.aborted) return ABORTED;
      const left = until - this.clock.now();
      if (left <= 0) return undefined;
      // Fast path: a report already there (the rest of an answer usually arrives in one burst) needs no wait.
      if (!this.pendingReceive) {
        const kept = this.transport.takeReport?.();
        if (kept) return kept;
      }
      const pending = this.receiveSlice(Math.min(left, READ_SLICE_MS));
      let report: Uint8Array | undefined | typeof ABORTED;
      try {
        report = abort?.fired ? await Promise.race([pending, abort.fired]) : await pending;
      } catch (error) {
        this.consumed(pending);
        throw error;
      }
      if (report === ABORTED) return ABORTED;
      this.consumed(pending);
      if (report !== undefined) return report;
    }
  }

  /** The transport read in progress, or a new one. */
  private receiveSlice(timeoutMs: number): Promise<Uint8Array | undefined> {
    if (this.pendingReceive) return this.pendingReceive;
    let pending: Promise<Uint8Array | undefined>;
    try {
      pending = this.transport.receive(timeoutMs).then(undefined, (error: unknown) => {
        throw typedTransportError(error, this.description);
      });
    } catch (error) {
      pending = Promise.reject(typedTransportError(error, this.description));
    }
    // Until a reader takes its failure, it is not an unhandled rejection.
    pending.catch(() => undefined);
    this.pendingReceive = pending;
    return pending;
  }

  /** A reader took the outcome of `pending`: the next read is a new one. */
  private consumed(pending: Promise<Uint8Array | undefined>): void {
    if (this.pendingReceive === pending) this.pendingReceive = undefined;
  }

  private async send(report: Uint8Array): Promise<void> {
    await this.sendAll([report]);
  }

  /** The reports handed to the transport at once (one wait for all of them, not one per report). */
  private async sendAll(reports: Uint8Array[]): Promise<void> {
    try {
      const sent: Promise<void>[] = [];
      for (const report of reports) sent.push(this.transport.send(report));
      await Promise.all(sent);
    } catch (error) {
      throw typedTransportError(error, this.description);
    }
  }

  /** Waits, or ends with CANCELLED when aborted meanwhile (nothing is pending on the device then). */
  private async sleep(ms: number, abort: AbortWatch): Promise<void> {
    let cancelTimer: (() => void) | undefined;
    const elapsed = new Promise<void>((resolve) => {
      cancelTimer = this.clock.schedule(resolve, ms);
    });
    const result = await (abort.fired ? Promise.race([elapsed, abort.fired]) : elapsed);
    cancelTimer?.();
    if (result === ABORTED) throw cancelled(this.description);
  }

  /**
   * Framing faults in what the device sends are its protocol error: the PROTOCOL_ERROR for `error`; the next request
   * resynchronises first.
   */
  private protocolFault(error: unknown): CtapClientError {
    this.needsResync = true;
    const detail = error instanceof Error ? error.message : String(error);
    return new CtapClientError('PROTOCOL_ERROR', `${this.description} sent a malformed response: ${detail}`, { cause: error });
  }

  /** A keep-alive callback that throws ends the request; the device may still be busy with it, hence the resync. */
  private notify(onKeepalive: ((status: CtapHidKeepaliveStatusCode) => void) | undefined, status: CtapHidKeepaliveStatusCode): void {
    try {
      onKeepalive?.(status);
    } catch (error) {
      this.needsResync = true;
      throw error;
    }
  }
}

/**
 * Exponential backoff with ±25 % jitter (so two clients do not retry in step) for CHANNEL_BUSY. The jittered delay
 * is what is checked against the end, so a retry never sleeps past `until`.
 */
class BusyBackoff {
  private backoff = BUSY_BACKOFF_FIRST_MS;

  constructor(private readonly until: number) {}

  /** The next wait in ms, or undefined when waiting it would overshoot `until`. */
  nextDelay(now: number): number | undefined {
    const delay = this.backoff * (0.75 + Math.random() / 2);
    if (now + delay >= this.until) return undefined;
    this.backoff = Math.min(this.backoff * 2, BUSY_BACKOFF_MAX_MS);
    return delay;
  }
}
