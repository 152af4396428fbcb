import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CTAPHID_BROADCAST_CID,
  Ctap2Command,
  CtapHidCapability,
  CtapHidCommand,
  CtapHidError,
  CtapHidErrorCode,
  CtapHidKeepaliveStatus,
  CtapHidMessageAssembler,
  CtapStatus,
  U2fInstruction,
  decodeCtap2Response,
  decodeGetInfoResponse,
  encodeApdu,
  encodeCtap2Request,
  encodeCtapHidMessage,
  encodeMakeCredentialRequest,
  parseCtapHidPacket,
  type CtapHidMessage,
} from '@keybridge/ctap';
import {
  CtapHidDevice,
  InProcessHidConnection,
  UdpEmulatorServer,
  createAuthenticator,
  fixedUserPresence,
  type Authenticator,
  type AuthenticatorOptions,
  type CtapHidDeviceOptions,
} from '@keybridge/emulator';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { MemoryTransport } from '../transports/MemoryTransport.js';
import type { ReportTransport } from '../transports/ReportTransport.js';
import { UdpTransport } from '../transports/UdpTransport.js';
import { VirtualClock } from '../../../../test/support/VirtualClock.js';
import { CtapHidChannel, type CtapHidChannelOptions } from './CtapHidChannel.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** Records every report both ways around a real transport. */
class RecordingTransport implements ReportTransport {
  readonly log: { dir: 'out' | 'in'; report: Uint8Array }[] = [];
  constructor(private readonly inner: ReportTransport) {}
  get description(): string {
    return this.inner.description;
  }
  async send(report: Uint8Array): Promise<void> {
    this.log.push({ dir: 'out', report: Uint8Array.from(report) });
    await this.inner.send(report);
  }
  async receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    const report = await this.inner.receive(timeoutMs);
    if (report) this.log.push({ dir: 'in', report });
    return report;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  /** Init packets as "dir cid command firstDataByte", e.g. "in  1234abcd 3b 02" (a KEEPALIVE UPNEEDED). */
  initFrames(): string[] {
    return this.log.flatMap(({ dir, report }) => {
      const packet = parseCtapHidPacket(report);
      if (packet.kind !== 'init') return [];
      return [`${dir.padEnd(3)} ${packet.cid.toString(16).padStart(8, '0')} ${packet.command.toString(16).padStart(2, '0')} ${hex(packet.data.subarray(0, 1))}`];
    });
  }
}

interface EmulatorPeer {
  authenticator: Authenticator;
  transport(): Promise<ReportTransport>;
  close(): Promise<void>;
}

interface EmulatorSetup {
  name: string;
  start(options?: { authenticator?: AuthenticatorOptions; device?: CtapHidDeviceOptions }): Promise<EmulatorPeer>;
}

const setups: EmulatorSetup[] = [
  {
    name: 'UDP',
    async start(options = {}) {
      const authenticator = await createAuthenticator(options.authenticator);
      const server = new UdpEmulatorServer(authenticator, { port: 0, device: options.device });
      const { port } = await server.start();
      return { authenticator, transport: () => UdpTransport.open({ port }), close: () => server.close() };
    },
  },
  {
    name: 'in-process',
    async start(options = {}) {
      const authenticator = await createAuthenticator(options.authenticator);
      const device = new CtapHidDevice(authenticator, options.device);
      return {
        authenticator,
        transport: async () => new MemoryTransport(new InProcessHidConnection(device)),
        close: () => device.close(),
      };
    },
  },
];

function makeCredentialMessage(): Uint8Array {
  return encodeCtap2Request(
    Ctap2Command.makeCredential,
    encodeMakeCredentialRequest({
      clientDataHash: randomBytes(32),
      rp: { id: 'example.org', name: 'Example' },
      user: { id: new TextEncoder().encode('user-1'), name: 'alice', displayName: 'Alice' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    }),
  );
}

const getInfoMessage = () => encodeCtap2Request(Ctap2Command.getInfo);

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startPeer(setup: EmulatorSetup, options?: Parameters<EmulatorSetup['start']>[0]): Promise<EmulatorPeer> {
  const peer = await setup.start(options);
  cleanup.push(() => peer.close());
  return peer;
}

async function openChannel(transport: ReportTransport, options?: CtapHidChannelOptions): Promise<CtapHidChannel> {
  const channel = await CtapHidChannel.open(transport, options);
  cleanup.push(() => channel.close());
  return channel;
}

describe.each(setups)('CtapHidChannel against the emulator over $name', (setup) => {
  it('allocates a channel with INIT and reads the device description', async () => {
    const peer = await startPeer(setup);
    const transport = new RecordingTransport(await peer.transport());
    const channel = await openChannel(transport);
    expect(channel.cid).not.toBe(0);
    expect(channel.cid).not.toBe(CTAPHID_BROADCAST_CID);
    expect(channel.protocolVersion).toBe(2);
    expect(channel.deviceVersion).toEqual([1, 0, 0]);
    expect(channel.capabilities).toBe(CtapHidCapability.WINK | CtapHidCapability.CBOR);
    // One INIT out on broadcast with an 8-byte nonce, answered on broadcast.
    expect(transport.initFrames().map((frame) => frame.slice(0, 15))).toEqual(['out ffffffff 06', 'in  ffffffff 06']);
  });

  it('pings 0, 1, 57, 58 and 7609 bytes (a message of 129 reports)', async () => {
    const peer = await startPeer(setup);
    const channel = await openChannel(await peer.transport());
    for (const size of [0, 1, 57, 58, 1000, 7609]) {
      const data = randomBytes(size);
      expect(hex(await channel.ping(data))).toBe(hex(data));
    }
  });

  it('reads getInfo through cbor and the U2F version through msg', async () => {
    const peer = await startPeer(setup);
    const channel = await openChannel(await peer.transport());
    const info = decodeGetInfoResponse(decodeCtap2Response(await channel.cbor(getInfoMessage()))!);
    expect(info.versions).toContain('FIDO_2_1');
    expect(info.maxMsgSize).toBe(7609);
    const version = await channel.msg(encodeApdu({ cla: 0, ins: U2fInstruction.VERSION, p1: 0, p2: 0, data: new Uint8Array(0) }));
    expect(Buffer.from(version).toString('latin1')).toBe('U2F_V2\x90\x00');
  });

  it('winks (the emulator counts it) and locks', async () => {
    const peer = await startPeer(setup);
    const channel = await openChannel(await peer.transport());
    const before = peer.authenticator.winks;
    await channel.wink();
    await channel.wink();
    expect(peer.authenticator.winks).toBe(before + 2);
    const other = await openChannel(await peer.transport(), { busyRetryMs: 100 });
    await channel.lock(5);
    const busy = await rejection(other.ping(Uint8Array.of(1)));
    expect(busy).toBeInstanceOf(CtapHidError);
    expect((busy as CtapHidError).errorCode).toBe(CtapHidErrorCode.CHANNEL_BUSY);
    await channel.lock(0);
    expect(hex(await other.ping(Uint8Array.of(1)))).toBe('01');
  });

  it('reports keep-alives and cancels mid-touch: CANCELLED on the device\'s KEEPALIVE_CANCEL, and the next request works', async () => {
    const peer = await startPeer(setup, { authenticator: { userPresence: fixedUserPresence('timeout') } });
    const transport = new RecordingTransport(await peer.transport());
    // A grace period longer than the test may run: the cancel can only end on the device's answer.
    const channel = await openChannel(transport, { cancelGraceMs: 120_000 });
    const controller = new AbortController();
    const keepalives: number[] = [];
    const error = await rejection(
      channel.cbor(makeCredentialMessage(), {
        signal: controller.signal,
        onKeepalive: (status) => {
          keepalives.push(status);
          if (status === 2) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(CtapClientError);
    expect((error as CtapClientError).code).toBe('CANCELLED');
    expect(keepalives).toContain(2);
    const cid = channel.cid.toString(16).padStart(8, '0');
    const frames = transport.initFrames();
    // CANCEL went out on our channel and the device ended the request with CTAP2_ERR_KEEPALIVE_CANCEL.
    expect(frames).toContain(`out ${cid} 11 `);
    expect(frames).toContain(`in  ${cid} 10 ${CtapStatus.KEEPALIVE_CANCEL.toString(16)}`);
    const sentBefore = transport.log.length;
    const info = await channel.cbor(getInfoMessage());
    expect(info[0]).toBe(CtapStatus.OK);
    // The device answered the cancel, so the next request needed no resynchronising INIT.
    expect(transport.log.slice(sentBefore).some(({ report }) => report[4] === (0x80 | CtapHidCommand.INIT))).toBe(false);
  });

  it('ends with CANCELLED at once, sending nothing, when the signal is already aborted', async () => {
    const peer = await startPeer(setup);
    const transport = new RecordingTransport(await peer.transport());
    const channel = await openChannel(transport);
    const sent = transport.log.length;
    const error = await rejection(channel.ping(Uint8Array.of(1), { signal: AbortSignal.abort() }));
    expect((error as CtapClientError).code).toBe('CANCELLED');
    expect(transport.log).toHaveLength(sent);
  });

  it('times out a request the user does not touch for, then resynchronises and answers the next one', async () => {
    const peer = await startPeer(setup, { authenticator: { userPresence: fixedUserPresence('approve', 2000) } });
    const transport = new RecordingTransport(await peer.transport());
    const channel = await openChannel(transport);
    const started = Date.now();
    const error = await rejection(channel.cbor(makeCredentialMessage(), { timeoutMs: 300 }));
    expect((error as CtapClientError).code).toBe('TIMEOUT');
    expect((error as Error).message).toMatch(/touch/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290); // not before the timeout (no upper bound: real time)
    const info = await channel.cbor(getInfoMessage());
    expect(info[0]).toBe(CtapStatus.OK);
    const cid = channel.cid.toString(16).padStart(8, '0');
    const frames = transport.initFrames();
    expect(frames.filter((frame) => frame.startsWith(`out ${cid} 11`))).toHaveLength(1); // CANCEL at the timeout
    expect(frames.filter((frame) => frame.startsWith(`out ${cid} 06`))).toHaveLength(1); // INIT on our channel before getInfo
  });

  it('keeps two channels on one device apart, retrying while the other one makes the device busy', async () => {
    const peer = await startPeer(setup);
    const first = await openChannel(await peer.transport());
    const second = await openChannel(await peer.transport());
    expect(first.cid).not.toBe(second.cid);
    const work = (channel: CtapHidChannel, tag: number) =>
      Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const data = Uint8Array.from(randomBytes(50 + i * 40), (byte, index) => (index === 0 ? tag : byte));
          expect(hex(await channel.ping(data))).toBe(hex(data));
          const info = await channel.cbor(getInfoMessage());
          expect(info[0]).toBe(CtapStatus.OK);
        }),
      );
    await Promise.all([work(first, 1), work(second, 2)]);
  });

  it('retries CHANNEL_BUSY while another channel waits for a touch, for a bounded time', async () => {
    const peer = await startPeer(setup, { authenticator: { userPresence: fixedUserPresence('approve', 400) } });
    const toucher = await openChannel(await peer.transport());
    const patient = await openChannel(await peer.transport());
    const impatient = await openChannel(await peer.transport(), { busyRetryMs: 100 });
    // The other requests start once the toucher's request holds the device (its first UPNEEDED keep-alive).
    let waitingForTouch!: () => void;
    const holding = new Promise<void>((resolve) => (waitingForTouch = resolve));
    const touched = toucher.cbor(makeCredentialMessage(), { onKeepalive: (status) => status === 2 && waitingForTouch() });
    await holding;
    const busy = await rejection(impatient.ping(Uint8Array.of(3)));
    expect((busy as CtapHidError).errorCode).toBe(CtapHidErrorCode.CHANNEL_BUSY);
    expect(hex(await patient.ping(Uint8Array.of(4)))).toBe('04');
    expect((await touched)[0]).toBe(CtapStatus.OK);
  });

  it('re-INITs once when the device forgot the channel (INVALID_CHANNEL) and retries the request', async () => {
    const peer = await startPeer(setup, { device: { maxChannels: 1 } });
    const forgotten = await openChannel(await peer.transport());
    const oldCid = forgotten.cid;
    await openChannel(await peer.transport()); // the device keeps one channel: this one evicts the first
    expect(hex(await forgotten.ping(Uint8Array.of(7)))).toBe('07');
    expect(forgotten.cid).not.toBe(oldCid);
  });

  it('serialises requests on one channel: the second is sent only after the first is answered', async () => {
    const peer = await startPeer(setup, { authenticator: { userPresence: fixedUserPresence('approve', 200) } });
    const transport = new RecordingTransport(await peer.transport());
    const channel = await openChannel(transport);
    const [created, echo] = await Promise.all([channel.cbor(makeCredentialMessage()), channel.ping(Uint8Array.of(9))]);
    expect(created[0]).toBe(CtapStatus.OK);
    expect(hex(echo)).toBe('09');
    const frames = transport.initFrames().map((frame) => `${frame.slice(0, 3)}${frame.slice(13, 15)}`);
    const cborAnswer = frames.indexOf('in 10');
    expect(cborAnswer).toBeGreaterThan(0);
    expect(frames.indexOf('out01')).toBeGreaterThan(cborAnswer);
  });
});

/** A reply the scripted device sends: on the requesting channel unless `cid` says otherwise. */
interface ScriptedReply {
  command: number;
  payload: Uint8Array;
  /** Virtual ms until the first report. */
  delayMs?: number;
  /** Virtual ms between the reports of a multi-report reply (0: all at once). */
  gapMs?: number;
  cid?: number;
}

/** A reply in flight: its timers, and whether its first report is out (the device is past cancelling it). */
interface ReplyInFlight {
  cancels: (() => void)[];
  started: boolean;
}

/**
 * A device whose answers a test scripts, on a virtual clock: INIT is answered like a real device (broadcast
 * allocates the next CID, INIT on a channel drops what is pending), every other complete message goes to
 * `handler`. CANCEL is never answered unless `answerCancel` is set: then a reply not yet begun is replaced by
 * what it returns, as a CTAP2 device ends a pending request with KEEPALIVE_CANCEL.
 */
class ScriptedDevice implements ReportTransport {
  readonly description = 'scripted';
  readonly sent: Uint8Array[] = [];
  readonly messages: CtapHidMessage[] = [];
  capabilities = CtapHidCapability.WINK | CtapHidCapability.CBOR;
  nextCid = 0x11223300;
  /** Answer broadcast INIT at all. */
  answersInit = true;
  answerCancel: ((cid: number) => ScriptedReply[]) | undefined;
  /** Called with every report the channel reads, before it gets it. */
  onReceive: ((report: Uint8Array) => void) | undefined;
  private assembler: CtapHidMessageAssembler | undefined;
  private readonly inbox: Uint8Array[] = [];
  private waiter: ((report: Uint8Array | undefined) => void) | undefined;
  private readonly inFlight = new Set<ReplyInFlight>();
  closed = false;

  constructor(
    private readonly handler: (message: CtapHidMessage, device: ScriptedDevice) => ScriptedReply[] = () => [],
    readonly clock = new VirtualClock(),
  ) {}

  async send(report: Uint8Array): Promise<void> {
    this.sent.push(Uint8Array.from(report));
    const packet = parseCtapHidPacket(report);
    if (packet.kind === 'init' && packet.command === CtapHidCommand.INIT) {
      if (packet.cid === CTAPHID_BROADCAST_CID && !this.answersInit) return;
      this.dropInFlight(() => true); // INIT drops the pending transaction
      const response = new Uint8Array(17);
      response.set(packet.data.subarray(0, 8));
      const cid = packet.cid === CTAPHID_BROADCAST_CID ? ++this.nextCid : packet.cid;
      new DataView(response.buffer).setUint32(8, cid);
      response.set([2, 4, 5, 6, this.capabilities], 12);
      this.push(encodeCtapHidMessage(packet.cid, CtapHidCommand.INIT, response));
      return;
    }
    if (packet.kind === 'init') this.assembler = new CtapHidMessageAssembler(packet);
    else this.assembler?.add(packet);
    if (!this.assembler?.complete) return;
    const message = this.assembler.message();
    this.assembler = undefined;
    this.messages.push(message);
    if (message.command === CtapHidCommand.CANCEL) {
      // Without answerCancel never answered, as the spec says for a device with nothing to cancel.
      if (this.answerCancel && this.dropInFlight((reply) => !reply.started) > 0) this.reply(message.cid, this.answerCancel(message.cid));
      return;
    }
    this.reply(message.cid, this.handler(message, this));
  }

  private reply(cid: number, replies: ScriptedReply[]): void {
    for (const reply of replies) {
      const reports = encodeCtapHidMessage(reply.cid ?? cid, reply.command, reply.payload);
      if (!reply.delayMs && !reply.gapMs) {
        this.push(reports);
        continue;
      }
      const flight: ReplyInFlight = { cancels: [], started: false };
      this.inFlight.add(flight);
      reports.forEach((report, index) => {
        flight.cancels.push(
          this.clock.schedule(() => {
            flight.started = true;
            if (index === reports.length - 1) this.inFlight.delete(flight);
            this.push([report]);
          }, (reply.delayMs ?? 0) + index * (reply.gapMs ?? 0)),
        );
      });
    }
  }

  /** Drops the replies in flight that `which` selects; how many. */
  private dropInFlight(which: (reply: ReplyInFlight) => boolean): number {
    let dropped = 0;
    for (const flight of this.inFlight) {
      if (!which(flight)) continue;
      for (const cancel of flight.cancels) cancel();
      this.inFlight.delete(flight);
      dropped++;
    }
    return dropped;
  }

  push(reports: Uint8Array[]): void {
    for (const report of reports) {
      if (this.waiter) {
        const wake = this.waiter;
        this.waiter = undefined;
        wake(report);
      } else this.inbox.push(report);
    }
  }

  receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    if (this.closed) return Promise.reject(new Error('scripted device closed'));
    const next = this.inbox.shift();
    if (next) {
      this.onReceive?.(next);
      return Promise.resolve(next);
    }
    return new Promise((resolve) => {
      const cancelTimer = this.clock.schedule(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (report) => {
        cancelTimer();
        if (report) this.onReceive?.(report);
        resolve(report);
      };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.dropInFlight(() => true);
    this.waiter?.(undefined);
  }

  /** Commands of the init packets sent, e.g. ["06@ffffffff", "10@11223301"]. */
  sentCommands(): string[] {
    return this.sent.flatMap((report) => {
      const packet = parseCtapHidPacket(report);
      return packet.kind === 'init' ? [`${packet.command.toString(16).padStart(2, '0')}@${packet.cid.toString(16).padStart(8, '0')}`] : [];
    });
  }
}

/** Opens a channel on a scripted device's virtual clock. */
async function openScripted(device: ScriptedDevice, options: CtapHidChannelOptions = {}): Promise<CtapHidChannel> {
  const channel = await device.clock.run(CtapHidChannel.open(device, { ...options, clock: device.clock }));
  cleanup.push(() => channel.close());
  return channel;
}

describe('CtapHidChannel against scripted devices', () => {
  it('ignores INIT answers with another nonce (other applications) and parses its own', async () => {
    const device = new ScriptedDevice();
    const send = device.send.bind(device);
    device.send = async (report) => {
      // Another application's INIT answer arrives first: same broadcast CID, other nonce, other channel.
      const foreign = new Uint8Array(17);
      foreign.set(randomBytes(8));
      foreign.set([0x0b, 0xad, 0xca, 0xfe, 2, 9, 9, 9, 0x0d], 8);
      device.push(encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, foreign));
      await send(report);
    };
    const channel = await openScripted(device);
    expect(channel.cid).toBe(0x11223301);
    expect(channel.deviceVersion).toEqual([4, 5, 6]);
    expect(channel.capabilities).toBe(0x05);
  });

  it('times out open() against a transport that never answers, after exactly initTimeoutMs', async () => {
    const device = new ScriptedDevice();
    device.answersInit = false;
    const started = device.clock.now();
    const error = await device.clock.run(rejection(CtapHidChannel.open(device, { initTimeoutMs: 150, clock: device.clock })));
    expect((error as CtapClientError).code).toBe('TIMEOUT');
    expect(device.clock.now() - started).toBe(150);
  });

  it('times out a request against a device that goes silent after INIT, sending CANCEL', async () => {
    const device = new ScriptedDevice();
    const channel = await openScripted(device);
    const started = device.clock.now();
    const error = await device.clock.run(rejection(channel.cbor(getInfoMessage(), { timeoutMs: 200 })));
    expect(error).toBeInstanceOf(CtapClientError);
    expect((error as CtapClientError).code).toBe('TIMEOUT');
    expect(device.clock.now() - started).toBe(200);
    expect(device.sentCommands()).toEqual(['06@ffffffff', '10@11223301', '11@11223301']);
  });

  it('skips a late answer to a timed-out request: INIT on the channel before the next request', async () => {
    let calls = 0;
    const device = new ScriptedDevice(() => {
      calls++;
      return calls === 1 ? [{ command: CtapHidCommand.CBOR, payload: Uint8Array.of(0, 0xaa), delayMs: 150 }] : [{ command: CtapHidCommand.CBOR, payload: Uint8Array.of(0, 0xbb) }];
    });
    const channel = await openScripted(device);
    expect(((await device.clock.run(rejection(channel.cbor(Uint8Array.of(4), { timeoutMs: 50 })))) as CtapClientError).code).toBe('TIMEOUT');
    await device.clock.advance(200); // the stale answer is now waiting in the transport
    expect(device.clock.pending).toBe(0);
    expect(hex(await device.clock.run(channel.cbor(Uint8Array.of(4))))).toBe('00bb');
    expect(device.sentCommands()).toEqual(['06@ffffffff', '10@11223301', '11@11223301', '06@11223301', '10@11223301']);
  });

  it('ends a cancel the device does not answer after exactly the grace time, and resynchronises next time', async () => {
    const device = new ScriptedDevice((message) =>
      message.command === CtapHidCommand.CBOR && message.payload[0] === 1 ? [{ command: CtapHidCommand.KEEPALIVE, payload: Uint8Array.of(2) }] : [{ command: message.command, payload: message.payload }],
    );
    const channel = await openScripted(device, { cancelGraceMs: 100 });
    const controller = new AbortController();
    const started = device.clock.now();
    const error = await device.clock.run(rejection(channel.cbor(Uint8Array.of(1), { signal: controller.signal, onKeepalive: () => controller.abort() })));
    expect((error as CtapClientError).code).toBe('CANCELLED');
    expect(device.clock.now() - started).toBe(100);
    expect(hex(await device.clock.run(channel.ping(Uint8Array.of(5))))).toBe('05');
    expect(device.sentCommands()).toEqual(['06@ffffffff', '10@11223301', '11@11223301', '06@11223301', '01@11223301']);
  });

  it('finishes a cancel that lands after the first report of the answer was read: no grace wait, no resync', async () => {
    // A 100-byte answer takes two reports, 1 ms apart; the abort fires as the channel reads the first one.
    const answer = Uint8Array.from({ length: 100 }, (_, index) => index);
    const device = new ScriptedDevice((message) =>
      message.command === CtapHidCommand.CBOR ? [{ command: CtapHidCommand.CBOR, payload: answer, gapMs: 1 }] : [{ command: message.command, payload: message.payload }],
    );
    const channel = await openScripted(device);
    const controller = new AbortController();
    device.onReceive = (report) => {
      const packet = parseCtapHidPacket(report);
      if (packet.kind === 'init' && packet.command === CtapHidCommand.CBOR) controller.abort();
    };
    const started = device.clock.now();
    const error = await device.clock.run(rejection(channel.cbor(Uint8Array.of(4), { signal: controller.signal })));
    expect((error as CtapClientError).code).toBe('CANCELLED');
    // Today's cost is the rest of the answer (1 ms), not the 500 ms grace period.
    expect(device.clock.now() - started).toBe(1);
    device.onReceive = undefined;
    expect(hex(await device.clock.run(channel.ping(Uint8Array.of(5))))).toBe('05');
    // The answer was read to its end, so the next request needs no resynchronising INIT.
    expect(device.sentCommands()).toEqual(['06@ffffffff', '10@11223301', '11@11223301', '01@11223301']);
  });

  it('ends a cancel within 3 ms whatever the moment of the abort, and the next request needs no resync', async () => {
    // A CTAP2 device at work: keep-alives every 10 ms, then at 30 ms a 3-report answer, 1 ms a report. A CANCEL
    // before the answer begins ends the request with KEEPALIVE_CANCEL; after that, the answer goes on.
    const answer = Uint8Array.from({ length: 150 }, (_, index) => index);
    const processing = Uint8Array.of(CtapHidKeepaliveStatus.PROCESSING);
    for (let abortAt = 0; abortAt <= 34; abortAt++) {
      const device = new ScriptedDevice((message) =>
        message.command === CtapHidCommand.CBOR
          ? [
              { command: CtapHidCommand.KEEPALIVE, payload: processing },
              { command: CtapHidCommand.KEEPALIVE, payload: processing, delayMs: 10 },
              { command: CtapHidCommand.KEEPALIVE, payload: processing, delayMs: 20 },
              { command: CtapHidCommand.CBOR, payload: answer, delayMs: 30, gapMs: 1 },
            ]
          : [{ command: message.command, payload: message.payload }],
      );
      device.answerCancel = () => [{ command: CtapHidCommand.CBOR, payload: Uint8Array.of(CtapStatus.KEEPALIVE_CANCEL) }];
      const channel = await openScripted(device);
      const controller = new AbortController();
      const started = device.clock.now();
      device.clock.schedule(() => controller.abort(), abortAt);
      const outcome = await device.clock.run(
        channel.cbor(Uint8Array.of(1), { signal: controller.signal }).then(
          (response) => ({ response }),
          (error: unknown) => ({ error }),
        ),
      );
      const ended = device.clock.now() - started;
      if (abortAt <= 32) {
        expect(outcome, `abort at ${abortAt} ms`).toEqual({ error: expect.objectContaining({ code: 'CANCELLED' }) });
        expect(ended - abortAt, `abort at ${abortAt} ms`).toBeLessThanOrEqual(3);
      } else {
        // The answer was complete at 32 ms: the request has simply succeeded, the abort came too late.
        expect(outcome).toEqual({ response: answer });
      }
      expect(hex(await device.clock.run(channel.ping(Uint8Array.of(5))))).toBe('05');
      expect(device.sentCommands().filter((command) => command === '06@11223301'), `abort at ${abortAt} ms`).toEqual([]);
      await channel.close();
    }
  });

  it('turns ERROR packets into CtapHidError', async () => {
    const device = new ScriptedDevice(() => [{ command: CtapHidCommand.ERROR, payload: Uint8Array.of(CtapHidErrorCode.INVALID_PAR) }]);
    const channel = await openScripted(device);
    const error = await device.clock.run(rejection(channel.cbor(Uint8Array.of(4))));
    expect(error).toBeInstanceOf(CtapHidError);
    expect(error).toMatchObject({ errorCode: CtapHidErrorCode.INVALID_PAR, code: 'INVALID_PAR' });
  });

  it('retries CHANNEL_BUSY with backoff and gives up after busyRetryMs, never sleeping past it', async () => {
    // The jitter is random: many runs, so a jittered sleep that overshoots busyRetryMs would show.
    for (let run = 0; run < 200; run++) {
      const device = new ScriptedDevice(() => [{ command: CtapHidCommand.ERROR, payload: Uint8Array.of(CtapHidErrorCode.CHANNEL_BUSY) }]);
      const channel = await openScripted(device, { busyRetryMs: 300 });
      const started = device.clock.now();
      const error = await device.clock.run(rejection(channel.ping(Uint8Array.of(1))));
      expect((error as CtapHidError).errorCode).toBe(CtapHidErrorCode.CHANNEL_BUSY);
      const elapsed = device.clock.now() - started;
      // Backoff 10, 20, 40, 80, 160 ms, each ±25 %: at least four sleeps fit, and none ends past busyRetryMs.
      expect(elapsed).toBeGreaterThanOrEqual(100);
      expect(elapsed).toBeLessThan(300);
      // Backoff: more than a couple of attempts, far fewer than a busy loop would make.
      expect(device.messages.length).toBeGreaterThan(3);
      expect(device.messages.length).toBeLessThan(8);
      await channel.close();
    }
  });

  it('re-INITs on INVALID_CHANNEL only once per request', async () => {
    const device = new ScriptedDevice(() => [{ command: CtapHidCommand.ERROR, payload: Uint8Array.of(CtapHidErrorCode.INVALID_CHANNEL) }]);
    const channel = await openScripted(device);
    const error = await device.clock.run(rejection(channel.ping(Uint8Array.of(1))));
    expect((error as CtapHidError).errorCode).toBe(CtapHidErrorCode.INVALID_CHANNEL);
    expect(device.sentCommands()).toEqual(['06@ffffffff', '01@11223301', '06@ffffffff', '01@11223302']);
    expect(channel.cid).toBe(0x11223302);
  });

  it('ignores reports for other channels and stale answers to other commands', async () => {
    const device = new ScriptedDevice((message) => [
      { command: CtapHidCommand.KEEPALIVE, payload: Uint8Array.of(1), cid: 0x99999999 },
      { command: CtapHidCommand.CBOR, payload: Uint8Array.of(0, 1, 2), cid: 0x99999999 },
      { command: CtapHidCommand.ERROR, payload: Uint8Array.of(CtapHidErrorCode.INVALID_SEQ), cid: 0x99999999 },
      { command: CtapHidCommand.PING, payload: Uint8Array.of(0xee) },
      { command: CtapHidCommand.KEEPALIVE, payload: Uint8Array.of(2) },
      { command: CtapHidCommand.KEEPALIVE, payload: Uint8Array.of(1) },
      { command: message.command, payload: Uint8Array.of(0, 0x42) },
    ]);
    const channel = await openScripted(device);
    const keepalives: number[] = [];
    expect(hex(await device.clock.run(channel.cbor(Uint8Array.of(4), { onKeepalive: (status) => keepalives.push(status) })))).toBe('0042');
    expect(keepalives).toEqual([2, 1]);
  });

  it('refuses what the device cannot do or what CTAPHID cannot carry, before sending', async () => {
    const device = new ScriptedDevice();
    device.capabilities = CtapHidCapability.CBOR | CtapHidCapability.NMSG;
    const channel = await openScripted(device);
    const sentAfterOpen = device.sent.length;
    expect((await rejection(channel.wink())) as CtapClientError).toMatchObject({ code: 'UNSUPPORTED' });
    expect((await rejection(channel.msg(Uint8Array.of(0, 3, 0, 0)))) as CtapClientError).toMatchObject({ code: 'UNSUPPORTED' });
    expect((await rejection(channel.lock(11))) as CtapClientError).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await rejection(channel.ping(new Uint8Array(7610)))) as CtapClientError).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await rejection(channel.cbor(new Uint8Array(0)))) as CtapClientError).toMatchObject({ code: 'BAD_REQUEST' });
    expect(device.sent).toHaveLength(sentAfterOpen);
    await channel.close();
    expect((await rejection(channel.cbor(Uint8Array.of(4)))) as CtapClientError).toMatchObject({ code: 'DEVICE_GONE' });
  });

  it('turns a malformed response into PROTOCOL_ERROR and an untyped transport failure into DEVICE_GONE', async () => {
    const device = new ScriptedDevice(() => [{ command: CtapHidCommand.PING, payload: Uint8Array.of(1, 2) }]);
    const channel = await openScripted(device);
    expect((await device.clock.run(rejection(channel.ping(Uint8Array.of(1))))) as CtapClientError).toMatchObject({ code: 'PROTOCOL_ERROR' });
    // A continuation out of sequence in a multi-report answer.
    const [init, , second] = encodeCtapHidMessage(channel.cid, CtapHidCommand.PING, new Uint8Array(200));
    const garbled = new ScriptedDevice(() => []);
    const other = await openScripted(garbled);
    const retarget = (report: Uint8Array) => {
      const copy = Uint8Array.from(report);
      new DataView(copy.buffer).setUint32(0, other.cid);
      return copy;
    };
    garbled.clock.schedule(() => garbled.push([retarget(init!), retarget(second!)]), 20);
    expect((await garbled.clock.run(rejection(other.ping(new Uint8Array(200))))) as CtapClientError).toMatchObject({ code: 'PROTOCOL_ERROR' });
    garbled.closed = true;
    const gone = await garbled.clock.run(rejection(other.ping(Uint8Array.of(1))));
    expect(gone).toBeInstanceOf(CtapClientError);
    expect(gone).toMatchObject({ code: 'DEVICE_GONE' });
  });
});

interface RecordedReport {
  tMs: number;
  dir: 'in' | 'out';
  report: string;
}

/**
 * Replays a recorded makeCredential: checks that each report we send is the recorded `out` report (with our
 * CID in place of the recorded one) and answers with the recorded `in` reports, at their recorded offsets.
 */
class FirmwareReplayTransport extends ScriptedDevice {
  readonly mismatches: string[] = [];
  private cursor = 0;

  constructor(
    private readonly reports: RecordedReport[],
    private readonly recordedCid: string,
    capabilities: number,
  ) {
    super();
    this.capabilities = capabilities;
    this.nextCid = randomBytes(4).readUInt32BE(0) & 0x7fffffff;
  }

  get finished(): boolean {
    return this.cursor === this.reports.length;
  }

  override async send(report: Uint8Array): Promise<void> {
    const packet = parseCtapHidPacket(report);
    if (packet.kind === 'init' && packet.command === CtapHidCommand.INIT) return super.send(report);
    this.sent.push(Uint8Array.from(report));
    const cid = hex(report.subarray(0, 4));
    const expected = this.reports[this.cursor];
    if (expected?.dir !== 'out') {
      this.mismatches.push(`unexpected report ${hex(report)}`);
      return;
    }
    if (!expected.report.startsWith(this.recordedCid)) this.mismatches.push(`recorded report on another channel: ${expected.report}`);
    const want = cid + expected.report.slice(8);
    if (hex(report) !== want) this.mismatches.push(`sent ${hex(report)}, recorded ${want}`);
    this.cursor++;
    const sentAt = expected.tMs;
    while (this.reports[this.cursor]?.dir === 'in') {
      const incoming = this.reports[this.cursor++]!;
      const bytes = fromHex(cid + incoming.report.slice(8));
      this.clock.schedule(() => this.push([bytes]), Math.max(0, incoming.tMs - sentAt));
    }
  }
}

describe.each(['solo', 'canokey'])('CtapHidChannel replaying the makeCredential recorded from %s firmware', (firmware) => {
  const vectors = JSON.parse(readFileSync(new URL(`../../../../../shared/fixtures/firmware-vectors/${firmware}.json`, import.meta.url), 'utf8'));
  const sequence = vectors.makeCredentialReportSequence as { channel: string; keepalives: number[]; reports: RecordedReport[] };
  const exchange = vectors.makeCredential.exchange as { request: string; response: string };
  const init = vectors.ctaphidInit.parsed as { capabilities: number };

  it('sends the recorded reports, reports the keep-alives in order and returns the recorded response', async () => {
    const transport = new FirmwareReplayTransport(sequence.reports, sequence.channel, init.capabilities);
    const channel = await openScripted(transport);
    expect(channel.cid.toString(16).padStart(8, '0')).not.toBe(sequence.channel);
    const keepalives: number[] = [];
    const response = await transport.clock.run(channel.cbor(fromHex(exchange.request), { onKeepalive: (status) => keepalives.push(status) }));
    expect(transport.mismatches).toEqual([]);
    expect(transport.finished).toBe(true);
    expect(hex(response)).toBe(exchange.response);
    expect(keepalives).toEqual(sequence.keepalives);
  });
});

/** A device that answers INIT properly and then sends an arbitrary stream of reports. */
class FuzzDevice implements ReportTransport {
  static readonly CID = 0x0a0b0c0d;
  readonly description = 'fuzz';
  private readonly inbox: Uint8Array[] = [];
  private released = false;

  constructor(private readonly stream: Uint8Array[]) {}

  async send(report: Uint8Array): Promise<void> {
    const packet = parseCtapHidPacket(report);
    if (packet.kind === 'init' && packet.command === CtapHidCommand.INIT) {
      const response = new Uint8Array(17);
      response.set(packet.data.subarray(0, 8));
      new DataView(response.buffer).setUint32(8, FuzzDevice.CID);
      response.set([2, 1, 0, 0, CtapHidCapability.WINK | CtapHidCapability.CBOR], 12);
      this.inbox.push(...encodeCtapHidMessage(packet.cid, CtapHidCommand.INIT, response));
      return;
    }
    if (!this.released) {
      this.released = true;
      this.inbox.push(...this.stream);
    }
  }

  async receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    const next = this.inbox.shift();
    if (next) return next;
    await sleep(Math.min(timeoutMs, 5));
    return this.inbox.shift();
  }

  async close(): Promise<void> {}
}

const ourCid = Uint8Array.of(0x0a, 0x0b, 0x0c, 0x0d);
const arbitraryReport = fc.oneof(
  fc.uint8Array({ minLength: 60, maxLength: 68 }),
  fc.uint8Array({ minLength: 60, maxLength: 60 }).map((rest) => Uint8Array.of(...ourCid, ...rest)),
  fc
    .record({
      command: fc.constantFrom(0x81, 0x83, 0x84, 0x86, 0x88, 0x90, 0x91, 0xbb, 0xbf, 0xc0),
      length: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 0xffff })),
      data: fc.uint8Array({ minLength: 57, maxLength: 57 }),
    })
    .map(({ command, length, data }) => Uint8Array.of(...ourCid, command, length >> 8, length & 0xff, ...data)),
  fc
    .record({ seq: fc.integer({ min: 0, max: 0x7f }), data: fc.uint8Array({ minLength: 59, maxLength: 59 }) })
    .map(({ seq, data }) => Uint8Array.of(...ourCid, seq, ...data)),
);

describe('CtapHidChannel fed arbitrary reports (property)', () => {
  it('only ever answers or fails with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryReport, { maxLength: 12 }),
        fc.constantFrom('cbor', 'ping', 'msg', 'wink', 'lock'),
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
        async (stream, request, abortAfterMs) => {
          const channel = await CtapHidChannel.open(new FuzzDevice(stream), { busyRetryMs: 20, cancelGraceMs: 10 });
          const controller = new AbortController();
          const timer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
          const options = { timeoutMs: 30, signal: controller.signal, onKeepalive: () => undefined };
          const calls: Record<string, () => Promise<unknown>> = {
            cbor: () => channel.cbor(Uint8Array.of(4), options),
            ping: () => channel.ping(Uint8Array.of(1, 2, 3), options),
            msg: () => channel.msg(Uint8Array.of(0, 3, 0, 0, 0), options),
            wink: () => channel.wink(options),
            lock: () => channel.lock(1, options),
          };
          try {
            await calls[request]!();
          } catch (error) {
            if (!(error instanceof CtapClientError) && !(error instanceof CtapHidError)) throw error;
            if (error instanceof CtapClientError) expect(['TIMEOUT', 'CANCELLED', 'PROTOCOL_ERROR']).toContain(error.code);
          } finally {
            clearTimeout(timer);
            await channel.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
