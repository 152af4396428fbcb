import { randomBytes } from 'node:crypto';
import {
  CTAPHID_BROADCAST_CID,
  CTAPHID_MAX_MESSAGE_SIZE,
  CtapError,
  CtapHidCommand,
  CtapHidErrorCode,
  CtapHidMessageAssembler,
  CtapStatus,
  encodeCtapHidMessage,
  parseCtapHidPacket,
  type CtapHidMessage,
} from '@keybridge/ctap';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Authenticator } from '../Authenticator.js';
import { createAuthenticator } from '../createAuthenticator.js';
import { collectUserPresence } from '../userPresence/collectUserPresence.js';
import type { RequestContext } from '../userPresence/RequestContext.js';
import { fixedUserPresence, type UserPresencePolicy } from '../userPresence/UserPresencePolicy.js';
import { CtapHidDevice, type CtapHidAuthenticator } from './CtapHidDevice.js';
import { VirtualClock } from '../../../../test/support/VirtualClock.js';

const BROADCAST = CTAPHID_BROADCAST_CID;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function initPacket(cid: number, command: number, length: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const report = new Uint8Array(64);
  const view = new DataView(report.buffer);
  view.setUint32(0, cid >>> 0);
  report[4] = 0x80 | command;
  view.setUint16(5, length);
  report.set(data.subarray(0, 57), 7);
  return report;
}

function contPacket(cid: number, seq: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const report = new Uint8Array(64);
  new DataView(report.buffer).setUint32(0, cid >>> 0);
  report[4] = seq;
  report.set(data.subarray(0, 59), 5);
  return report;
}

/** One host application: collects what the device sends it and reassembles messages. */
class Host {
  readonly reports: Uint8Array[] = [];
  private consumed = 0;
  readonly replyTo = (report: Uint8Array): void => {
    expect(report).toHaveLength(64);
    this.reports.push(report);
  };

  messages(): CtapHidMessage[] {
    const messages: CtapHidMessage[] = [];
    let assembler: CtapHidMessageAssembler | undefined;
    for (const report of this.reports) {
      const packet = parseCtapHidPacket(report);
      if (packet.kind === 'init') assembler = new CtapHidMessageAssembler(packet);
      else if (assembler) assembler.add(packet);
      else throw new Error('the device sent a continuation without an init packet');
      if (assembler.complete) {
        messages.push(assembler.message());
        assembler = undefined;
      }
    }
    return messages;
  }

  /** Messages that arrived since the last take(). */
  take(): CtapHidMessage[] {
    const all = this.messages();
    const fresh = all.slice(this.consumed);
    this.consumed = all.length;
    return fresh;
  }

  /** Waits for the next message that is not a KEEPALIVE; returns it and the keep-alives before it. */
  async response(timeoutMs = 3000): Promise<{ message: CtapHidMessage; keepalives: number[] }> {
    const keepalives: number[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const message of this.take()) {
        if (message.command === CtapHidCommand.KEEPALIVE) keepalives.push(message.payload[0]!);
        else return { message, keepalives };
      }
      if (Date.now() > deadline) throw new Error(`no response within ${timeoutMs} ms`);
      await sleep(5);
    }
  }
}

function send(device: CtapHidDevice, host: Host, cid: number, command: number, payload: Uint8Array): void {
  for (const report of encodeCtapHidMessage(cid, command, payload)) device.receive(report, host.replyTo);
}

/** INIT on broadcast: returns the allocated CID. */
function open(device: CtapHidDevice, host: Host): number {
  const nonce = randomBytes(8);
  device.receive(initPacket(BROADCAST, CtapHidCommand.INIT, 8, nonce), host.replyTo);
  const [message] = host.take();
  expect(message).toMatchObject({ cid: BROADCAST, command: CtapHidCommand.INIT });
  expect(Buffer.from(message!.payload.subarray(0, 8))).toEqual(nonce);
  return new DataView(message!.payload.buffer, message!.payload.byteOffset).getUint32(8);
}

function expectError(host: Host, cid: number, errorCode: number): void {
  expect(host.take()).toEqual([{ cid, command: CtapHidCommand.ERROR, payload: Uint8Array.of(errorCode) }]);
}

/** A user who touches the key `delayMs` after being asked, on `clock`. */
function touchAfter(clock: VirtualClock, delayMs: number): UserPresencePolicy {
  return () => new Promise((resolve) => clock.schedule(() => resolve('approve'), delayMs));
}

/** An authenticator double whose CBOR and MSG requests wait for the emulated user, through the real collectUserPresence. */
function touchingAuthenticator(policy: UserPresencePolicy) {
  const contexts: RequestContext[] = [];
  const wait = (context: RequestContext) => collectUserPresence(policy, { purpose: 'test' }, context, 30_000);
  const double = {
    config: { ctap2: true },
    winks: 0,
    contexts,
    async handleCtap2(message: Uint8Array, context: RequestContext = {}): Promise<Uint8Array> {
      contexts.push(context);
      try {
        await wait(context);
        return Uint8Array.of(CtapStatus.OK, ...message);
      } catch (error) {
        if (error instanceof CtapError) return Uint8Array.of(error.status);
        throw error;
      }
    },
    async handleU2f(apdu: Uint8Array, context: RequestContext = {}): Promise<Uint8Array> {
      contexts.push(context);
      try {
        await wait(context);
        return Uint8Array.of(...apdu.slice().reverse(), 0x90, 0x00);
      } catch {
        return Uint8Array.of(0x69, 0x85);
      }
    },
  };
  return double satisfies CtapHidAuthenticator;
}

describe('CtapHidDevice', () => {
  let authenticator: Authenticator;
  beforeAll(async () => {
    authenticator = await createAuthenticator();
  });

  describe('INIT', () => {
    it('allocates a fresh channel on broadcast and answers there with the device facts', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const nonce = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
      device.receive(initPacket(BROADCAST, CtapHidCommand.INIT, 8, nonce), host.replyTo);
      const [message, ...rest] = host.take();
      expect(rest).toEqual([]);
      expect(message!.cid).toBe(BROADCAST);
      expect(message!.command).toBe(CtapHidCommand.INIT);
      const payload = message!.payload;
      expect(payload).toHaveLength(17);
      expect([...payload.subarray(0, 8)]).toEqual([...nonce]);
      const cid = new DataView(payload.buffer, payload.byteOffset).getUint32(8);
      expect(cid).not.toBe(0);
      expect(cid).not.toBe(BROADCAST);
      // Protocol 2, device version 1.0.0, WINK | CBOR and NMSG clear (MSG is implemented).
      expect([...payload.subarray(12)]).toEqual([2, 1, 0, 0, 0x05]);
    });

    it('a U2F-only key announces WINK without CBOR and does not know CTAPHID_CBOR; MSG still works', async () => {
      const device = new CtapHidDevice(await createAuthenticator({ u2fOnly: true }));
      const host = new Host();
      device.receive(initPacket(BROADCAST, CtapHidCommand.INIT, 8, new Uint8Array(8)), host.replyTo);
      const [init] = host.take();
      expect(init!.payload[16]).toBe(0x01);
      const cid = new DataView(init!.payload.buffer, init!.payload.byteOffset).getUint32(8);
      send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x04));
      expectError(host, cid, CtapHidErrorCode.INVALID_CMD);
      // U2F VERSION: its answer ends with the status word 90 00.
      send(device, host, cid, CtapHidCommand.MSG, Uint8Array.of(0x00, 0x03, 0x00, 0x00, 0x00));
      await vi.waitFor(() => expect(host.messages().some((m) => m.command === CtapHidCommand.MSG)).toBe(true));
      const answer = host.take().find((m) => m.command === CtapHidCommand.MSG)!.payload;
      expect([...answer.subarray(-2)]).toEqual([0x90, 0x00]);
    });

    it('never hands out the same channel twice', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cids = new Set(Array.from({ length: 50 }, () => open(device, host)));
      expect(cids.size).toBe(50);
    });

    it('resynchronises an allocated channel with the same CID; unknown channels and CID 0 are INVALID_CHANNEL', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      const nonce = randomBytes(8);
      device.receive(initPacket(cid, CtapHidCommand.INIT, 8, nonce), host.replyTo);
      const [message] = host.take();
      expect(message!.cid).toBe(cid);
      expect(Buffer.from(message!.payload.subarray(0, 8))).toEqual(nonce);
      expect(new DataView(message!.payload.buffer, message!.payload.byteOffset).getUint32(8)).toBe(cid);

      device.receive(initPacket((cid ^ 1) >>> 0, CtapHidCommand.INIT, 8, nonce), host.replyTo);
      expectError(host, (cid ^ 1) >>> 0, CtapHidErrorCode.INVALID_CHANNEL);
      device.receive(initPacket(0, CtapHidCommand.INIT, 8, nonce), host.replyTo);
      expectError(host, 0, CtapHidErrorCode.INVALID_CHANNEL);
    });

    it('answers INIT with a nonce that is not 8 bytes with INVALID_LEN', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      for (const length of [0, 7, 9, 57]) {
        device.receive(initPacket(BROADCAST, CtapHidCommand.INIT, length, randomBytes(57)), host.replyTo);
        expectError(host, BROADCAST, CtapHidErrorCode.INVALID_LEN);
      }
    });

    it('drops the pending request of a channel that sends INIT, and frees the device', async () => {
      const double = touchingAuthenticator(fixedUserPresence('timeout'));
      const device = new CtapHidDevice(double);
      const host = new Host();
      const a = open(device, host);
      const b = open(device, host);
      send(device, host, a, CtapHidCommand.CBOR, Uint8Array.of(0x0b));
      await sleep(30);
      device.receive(initPacket(a, CtapHidCommand.INIT, 8, randomBytes(8)), host.replyTo);
      const messages = host.take().filter((m) => m.command !== CtapHidCommand.KEEPALIVE);
      expect(messages.map((m) => [m.cid, m.command])).toEqual([[a, CtapHidCommand.INIT]]);
      expect(double.contexts[0]!.signal!.aborted).toBe(true);
      // The abandoned request's answer (KEEPALIVE_CANCEL from the authenticator) is not delivered.
      await sleep(150);
      expect(host.take()).toEqual([]);
      send(device, host, b, CtapHidCommand.PING, Uint8Array.of(9));
      expect(host.take()).toEqual([{ cid: b, command: CtapHidCommand.PING, payload: Uint8Array.of(9) }]);
      await device.close();
    });
  });

  describe('PING, WINK and unknown commands', () => {
    it('echoes a PING of every size up to 7609 bytes, over as many packets as it takes', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      for (const size of [0, 1, 57, 58, 1000, CTAPHID_MAX_MESSAGE_SIZE]) {
        const payload = randomBytes(size);
        send(device, host, cid, CtapHidCommand.PING, payload);
        expect(host.take()).toEqual([{ cid, command: CtapHidCommand.PING, payload: new Uint8Array(payload) }]);
      }
      expect(host.reports.length).toBeGreaterThan(129);
    });

    it('refuses a BCNT above 7609 with INVALID_LEN', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      device.receive(initPacket(cid, CtapHidCommand.PING, CTAPHID_MAX_MESSAGE_SIZE + 1), host.replyTo);
      expectError(host, cid, CtapHidErrorCode.INVALID_LEN);
      // Nothing is left half-received: the next request goes through.
      send(device, host, cid, CtapHidCommand.PING, Uint8Array.of(1));
      expect(host.take()).toHaveLength(1);
    });

    it('winks with an empty answer and counts it', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      const before = authenticator.winks;
      send(device, host, cid, CtapHidCommand.WINK, new Uint8Array(0));
      expect(host.take()).toEqual([{ cid, command: CtapHidCommand.WINK, payload: new Uint8Array(0) }]);
      expect(authenticator.winks).toBe(before + 1);
    });

    it('answers unknown and device-to-host commands with INVALID_CMD', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      for (const command of [0x02, CtapHidCommand.KEEPALIVE, CtapHidCommand.ERROR, 0x40, 0x7f]) {
        send(device, host, cid, command, Uint8Array.of(1, 2, 3));
        expectError(host, cid, CtapHidErrorCode.INVALID_CMD);
      }
    });

    it('answers a request on CID 0, on broadcast or on an unallocated channel with INVALID_CHANNEL', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      for (const wrong of [0, BROADCAST, (cid + 1) >>> 0]) {
        send(device, host, wrong, CtapHidCommand.PING, Uint8Array.of(1));
        expectError(host, wrong, CtapHidErrorCode.INVALID_CHANNEL);
      }
    });

    it('answers a report that is not 64 bytes with INVALID_LEN on its CID, and drops one too short to hold a CID', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      const long = new Uint8Array(65);
      long.set(initPacket(cid, CtapHidCommand.PING, 1, Uint8Array.of(7)));
      device.receive(long, host.replyTo);
      expectError(host, cid, CtapHidErrorCode.INVALID_LEN);
      device.receive(Uint8Array.of(1, 2, 3), host.replyTo);
      expect(host.take()).toEqual([]);
    });
  });

  describe('reassembly', () => {
    it('answers a continuation with the wrong SEQ with INVALID_SEQ and drops the message', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      const reports = encodeCtapHidMessage(cid, CtapHidCommand.PING, randomBytes(200));
      device.receive(reports[0]!, host.replyTo);
      device.receive(reports[2]!, host.replyTo); // SEQ 1 where 0 was due
      expectError(host, cid, CtapHidErrorCode.INVALID_SEQ);
      // The rest of the dropped message is spurious now: ignored.
      device.receive(reports[1]!, host.replyTo);
      device.receive(reports[3]!, host.replyTo);
      expect(host.take()).toEqual([]);
      send(device, host, cid, CtapHidCommand.PING, Uint8Array.of(5));
      expect(host.take()).toEqual([{ cid, command: CtapHidCommand.PING, payload: Uint8Array.of(5) }]);
    });

    it('answers a new request on a channel that is mid-message with INVALID_SEQ', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      const reports = encodeCtapHidMessage(cid, CtapHidCommand.PING, randomBytes(100));
      device.receive(reports[0]!, host.replyTo);
      device.receive(initPacket(cid, CtapHidCommand.PING, 1, Uint8Array.of(1)), host.replyTo);
      expectError(host, cid, CtapHidErrorCode.INVALID_SEQ);
      device.receive(reports[1]!, host.replyTo);
      expect(host.take()).toEqual([]);
    });

    it('ignores a continuation packet without an init packet', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      for (const target of [cid, 0, BROADCAST, 0x12345678]) device.receive(contPacket(target, 0, randomBytes(59)), host.replyTo);
      expect(host.take()).toEqual([]);
    });

    it('answers MSG_TIMEOUT when the continuation packets stop coming, and frees the device', async () => {
      const clock = new VirtualClock();
      const device = new CtapHidDevice(authenticator, { messageTimeoutMs: 100, clock });
      const host = new Host();
      const a = open(device, host);
      const b = open(device, host);
      const reports = encodeCtapHidMessage(a, CtapHidCommand.PING, randomBytes(150));
      device.receive(reports[0]!, host.replyTo);
      await clock.advance(60);
      device.receive(reports[1]!, host.replyTo); // each packet restarts the clock
      await clock.advance(99);
      expect(host.take()).toEqual([]);
      await clock.advance(1);
      expectError(host, a, CtapHidErrorCode.MSG_TIMEOUT);
      device.receive(reports[2]!, host.replyTo);
      expect(host.take()).toEqual([]);
      send(device, host, b, CtapHidCommand.PING, Uint8Array.of(1));
      send(device, host, a, CtapHidCommand.PING, Uint8Array.of(2));
      expect(host.take().map((m) => [m.cid, m.command])).toEqual([
        [b, CtapHidCommand.PING],
        [a, CtapHidCommand.PING],
      ]);
    });

    it('waits 500 ms for the next packet by default', async () => {
      const clock = new VirtualClock();
      const device = new CtapHidDevice(authenticator, { clock });
      const host = new Host();
      const cid = open(device, host);
      device.receive(encodeCtapHidMessage(cid, CtapHidCommand.PING, randomBytes(100))[0]!, host.replyTo);
      await clock.advance(499);
      expect(host.take()).toEqual([]);
      await clock.advance(1);
      expectError(host, cid, CtapHidErrorCode.MSG_TIMEOUT);
    });
  });

  describe('CBOR and MSG', () => {
    it('sends UPNEEDED keep-alives every 100 ms while the user takes 350 ms to touch', async () => {
      const clock = new VirtualClock();
      const double = touchingAuthenticator(touchAfter(clock, 350));
      const device = new CtapHidDevice(double, { clock });
      const host = new Host();
      const cid = open(device, host);
      send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x0b));
      await clock.advance(349);
      expect(host.messages().filter((m) => m.command !== CtapHidCommand.KEEPALIVE)).toHaveLength(1); // INIT only
      await clock.advance(1);
      const { message, keepalives } = await host.response();
      expect(message).toEqual({ cid, command: CtapHidCommand.CBOR, payload: Uint8Array.of(CtapStatus.OK, 0x0b) });
      // One at once when the touch is asked for, then one per period (100, 200, 300 ms).
      expect(keepalives).toEqual([2, 2, 2, 2]);
      expect(host.messages().filter((m) => m.command === CtapHidCommand.KEEPALIVE).every((m) => m.cid === cid)).toBe(true);
    });

    it('says PROCESSING in the keep-alives of a slow request that needs no touch', async () => {
      const clock = new VirtualClock();
      const slow: CtapHidAuthenticator = {
        config: { ctap2: true },
        winks: 0,
        handleCtap2: async () => {
          await new Promise((resolve) => clock.schedule(() => resolve(undefined), 260));
          return Uint8Array.of(CtapStatus.OK);
        },
        handleU2f: async () => Uint8Array.of(0x90, 0x00),
      };
      const device = new CtapHidDevice(slow, { clock });
      const host = new Host();
      const cid = open(device, host);
      send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x04));
      await clock.advance(260);
      const { message, keepalives } = await host.response();
      expect(message.payload).toEqual(Uint8Array.of(CtapStatus.OK));
      expect(keepalives).toEqual([1, 1]); // at 100 and 200 ms
      await clock.advance(1000);
      expect(host.take()).toEqual([]); // none after the answer
    });

    it('ends a request waiting for a touch with KEEPALIVE_CANCEL on CANCEL, which itself gets no answer', async () => {
      const double = touchingAuthenticator(fixedUserPresence('timeout'));
      const device = new CtapHidDevice(double);
      const host = new Host();
      const cid = open(device, host);
      send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x01, 0xa0));
      await sleep(150);
      send(device, host, cid, CtapHidCommand.CANCEL, new Uint8Array(0));
      const { message, keepalives } = await host.response();
      expect(message).toEqual({ cid, command: CtapHidCommand.CBOR, payload: Uint8Array.of(0x2d) });
      expect(keepalives).toContain(2);
      await sleep(30);
      expect(host.take()).toEqual([]);
      expect(double.contexts[0]!.signal!.aborted).toBe(true);
    });

    it('ignores a CANCEL with nothing pending and a CANCEL from another channel', async () => {
      const double = touchingAuthenticator(fixedUserPresence('approve', 150));
      const device = new CtapHidDevice(double);
      const host = new Host();
      const a = open(device, host);
      const b = open(device, host);
      send(device, host, a, CtapHidCommand.CANCEL, new Uint8Array(0));
      expect(host.take()).toEqual([]);
      send(device, host, a, CtapHidCommand.CBOR, Uint8Array.of(0x0b));
      send(device, host, b, CtapHidCommand.CANCEL, new Uint8Array(0));
      const { message } = await host.response();
      expect(message).toEqual({ cid: a, command: CtapHidCommand.CBOR, payload: Uint8Array.of(CtapStatus.OK, 0x0b) });
      expect(double.contexts[0]!.signal!.aborted).toBe(false);
    });

    it('answers a request from another channel with CHANNEL_BUSY while one is in progress', async () => {
      const double = touchingAuthenticator(fixedUserPresence('approve', 200));
      const device = new CtapHidDevice(double);
      const a = new Host();
      const b = new Host();
      const cidA = open(device, a);
      const cidB = open(device, b);
      send(device, a, cidA, CtapHidCommand.CBOR, Uint8Array.of(0x0b));
      send(device, b, cidB, CtapHidCommand.PING, Uint8Array.of(1));
      expectError(b, cidB, CtapHidErrorCode.CHANNEL_BUSY);
      // The busy channel itself must wait for its answer too.
      send(device, a, cidA, CtapHidCommand.PING, Uint8Array.of(1));
      expect(a.take().filter((m) => m.command !== CtapHidCommand.KEEPALIVE)).toEqual([
        { cid: cidA, command: CtapHidCommand.ERROR, payload: Uint8Array.of(CtapHidErrorCode.CHANNEL_BUSY) },
      ]);
      const { message } = await a.response();
      expect(message).toMatchObject({ cid: cidA, command: CtapHidCommand.CBOR });
      // Keep-alives went to A only.
      expect(b.take()).toEqual([]);
      send(device, b, cidB, CtapHidCommand.PING, Uint8Array.of(1));
      expect(b.take()).toEqual([{ cid: cidB, command: CtapHidCommand.PING, payload: Uint8Array.of(1) }]);
    });

    it('answers CHANNEL_BUSY to another channel while a message is still being received, and ignores its continuations', () => {
      const device = new CtapHidDevice(authenticator);
      const a = new Host();
      const b = new Host();
      const cidA = open(device, a);
      const cidB = open(device, b);
      const payloadA = randomBytes(120);
      const reportsA = encodeCtapHidMessage(cidA, CtapHidCommand.PING, payloadA);
      const reportsB = encodeCtapHidMessage(cidB, CtapHidCommand.PING, randomBytes(120));
      device.receive(reportsA[0]!, a.replyTo);
      device.receive(reportsB[0]!, b.replyTo);
      device.receive(reportsB[1]!, b.replyTo);
      device.receive(reportsA[1]!, a.replyTo);
      device.receive(reportsB[2]!, b.replyTo);
      device.receive(reportsA[2]!, a.replyTo);
      expectError(b, cidB, CtapHidErrorCode.CHANNEL_BUSY);
      expect(a.take()).toEqual([{ cid: cidA, command: CtapHidCommand.PING, payload: new Uint8Array(payloadA) }]);
    });

    it('serves two applications taking turns on their own channels without crosstalk', () => {
      const device = new CtapHidDevice(authenticator);
      const a = new Host();
      const b = new Host();
      const cidA = open(device, a);
      const cidB = open(device, b);
      const sent: Record<string, Uint8Array[]> = { a: [], b: [] };
      for (let i = 0; i < 10; i++) {
        for (const [name, host, cid] of [['a', a, cidA], ['b', b, cidB]] as const) {
          const payload = randomBytes(30 + i * 25);
          sent[name]!.push(new Uint8Array(payload));
          send(device, host, cid, CtapHidCommand.PING, payload);
        }
      }
      expect(a.take()).toEqual(sent.a!.map((payload) => ({ cid: cidA, command: CtapHidCommand.PING, payload })));
      expect(b.take()).toEqual(sent.b!.map((payload) => ({ cid: cidB, command: CtapHidCommand.PING, payload })));
    });

    it('passes MSG to the U2F side with keep-alives, and answers an empty CBOR or MSG with INVALID_LEN', async () => {
      const double = touchingAuthenticator(fixedUserPresence('approve', 150));
      const device = new CtapHidDevice(double);
      const host = new Host();
      const cid = open(device, host);
      send(device, host, cid, CtapHidCommand.MSG, Uint8Array.of(0x00, 0x03, 0x00, 0x00));
      const { message, keepalives } = await host.response();
      expect(message).toEqual({ cid, command: CtapHidCommand.MSG, payload: Uint8Array.of(0x00, 0x00, 0x03, 0x00, 0x90, 0x00) });
      expect(keepalives.length).toBeGreaterThanOrEqual(1);
      for (const command of [CtapHidCommand.CBOR, CtapHidCommand.MSG]) {
        send(device, host, cid, command, new Uint8Array(0));
        expectError(host, cid, CtapHidErrorCode.INVALID_LEN);
      }
    });

    it('hands CBOR and MSG to a real authenticator and answers with its status byte and status word', async () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const cid = open(device, host);
      send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x3f));
      expect((await host.response()).message).toEqual({ cid, command: CtapHidCommand.CBOR, payload: Uint8Array.of(CtapStatus.INVALID_COMMAND) });
      send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x04));
      const info = (await host.response()).message;
      expect(info).toMatchObject({ cid, command: CtapHidCommand.CBOR });
      expect(info.payload.length).toBeGreaterThanOrEqual(1);
      send(device, host, cid, CtapHidCommand.MSG, Uint8Array.of(0x00, 0x03, 0x00, 0x00, 0x00));
      const version = (await host.response()).message;
      expect(version).toMatchObject({ cid, command: CtapHidCommand.MSG });
      expect(version.payload.length).toBeGreaterThanOrEqual(2);
    });

    it('answers ERROR OTHER when the authenticator fails, instead of throwing', async () => {
      const broken: CtapHidAuthenticator = {
        config: { ctap2: true },
        winks: 0,
        handleCtap2: () => Promise.reject(new Error('boom')),
        handleU2f: () => Promise.reject(new Error('boom')),
      };
      const device = new CtapHidDevice(broken);
      const host = new Host();
      const cid = open(device, host);
      const write = process.stderr.write;
      process.stderr.write = () => true;
      try {
        send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x04));
        await sleep(10);
      } finally {
        process.stderr.write = write;
      }
      expectError(host, cid, CtapHidErrorCode.OTHER);
    });
  });

  describe('LOCK', () => {
    it('keeps other channels out for the time asked, until it runs out or is released', async () => {
      const clock = new VirtualClock();
      const device = new CtapHidDevice(authenticator, { clock });
      const a = new Host();
      const b = new Host();
      const cidA = open(device, a);
      const cidB = open(device, b);

      send(device, a, cidA, CtapHidCommand.LOCK, Uint8Array.of(2));
      expect(a.take()).toEqual([{ cid: cidA, command: CtapHidCommand.LOCK, payload: new Uint8Array(0) }]);
      send(device, b, cidB, CtapHidCommand.PING, Uint8Array.of(1));
      expectError(b, cidB, CtapHidErrorCode.CHANNEL_BUSY);
      device.receive(initPacket(BROADCAST, CtapHidCommand.INIT, 8, randomBytes(8)), b.replyTo);
      expectError(b, BROADCAST, CtapHidErrorCode.CHANNEL_BUSY);
      send(device, a, cidA, CtapHidCommand.PING, Uint8Array.of(1));
      expect(a.take()).toHaveLength(1);

      await clock.advance(2_000); // expired
      send(device, b, cidB, CtapHidCommand.PING, Uint8Array.of(1));
      expect(b.take()).toEqual([{ cid: cidB, command: CtapHidCommand.PING, payload: Uint8Array.of(1) }]);

      send(device, a, cidA, CtapHidCommand.LOCK, Uint8Array.of(10));
      a.take();
      await clock.advance(9_000);
      send(device, b, cidB, CtapHidCommand.WINK, new Uint8Array(0));
      expectError(b, cidB, CtapHidErrorCode.CHANNEL_BUSY);
      send(device, a, cidA, CtapHidCommand.LOCK, Uint8Array.of(0)); // released
      expect(a.take()).toHaveLength(1);
      send(device, b, cidB, CtapHidCommand.WINK, new Uint8Array(0));
      expect(b.take()).toEqual([{ cid: cidB, command: CtapHidCommand.WINK, payload: new Uint8Array(0) }]);
    });

    it('is released, and a request waiting for a touch cancelled, when every host has gone (hostsGone)', async () => {
      const double = touchingAuthenticator(fixedUserPresence('timeout'));
      const device = new CtapHidDevice(double);
      const gone = new Host();
      const next = new Host();
      const cidGone = open(device, gone);
      send(device, gone, cidGone, CtapHidCommand.LOCK, Uint8Array.of(10));
      send(device, gone, cidGone, CtapHidCommand.CBOR, Uint8Array.of(0x01, 0xa0));
      device.hostsGone();
      expect(double.contexts[0]!.signal!.aborted).toBe(true);
      // The next program gets a channel and an answer at once: no lock, no busy transaction.
      const cidNext = open(device, next);
      send(device, next, cidNext, CtapHidCommand.PING, Uint8Array.of(7));
      expect(next.take()).toEqual([{ cid: cidNext, command: CtapHidCommand.PING, payload: Uint8Array.of(7) }]);
      await device.close();
      expect(gone.messages().filter((m) => m.command === CtapHidCommand.CBOR)).toEqual([]);
    });

    it('refuses more than 10 seconds with INVALID_PAR and a payload that is not one byte with INVALID_LEN', () => {
      const device = new CtapHidDevice(authenticator);
      const host = new Host();
      const a = open(device, host);
      const b = open(device, host);
      for (const seconds of [11, 0xff]) {
        send(device, host, a, CtapHidCommand.LOCK, Uint8Array.of(seconds));
        expectError(host, a, CtapHidErrorCode.INVALID_PAR);
      }
      send(device, host, a, CtapHidCommand.LOCK, Uint8Array.of(1, 1));
      expectError(host, a, CtapHidErrorCode.INVALID_LEN);
      send(device, host, b, CtapHidCommand.PING, Uint8Array.of(1));
      expect(host.take()).toHaveLength(1);
    });
  });

  describe('channels and robustness', () => {
    it('forgets the least recently used channel beyond maxChannels', () => {
      const device = new CtapHidDevice(authenticator, { maxChannels: 2 });
      const host = new Host();
      const a = open(device, host);
      const b = open(device, host);
      send(device, host, a, CtapHidCommand.PING, Uint8Array.of(1)); // a is now more recent than b
      host.take();
      const c = open(device, host);
      send(device, host, b, CtapHidCommand.PING, Uint8Array.of(1));
      expectError(host, b, CtapHidErrorCode.INVALID_CHANNEL);
      for (const cid of [a, c]) {
        send(device, host, cid, CtapHidCommand.PING, Uint8Array.of(1));
        expect(host.take()).toEqual([{ cid, command: CtapHidCommand.PING, payload: Uint8Array.of(1) }]);
      }
    });

    it('does not throw when the reply cannot be delivered', () => {
      const device = new CtapHidDevice(authenticator);
      const failing = () => {
        throw new Error('socket closed');
      };
      expect(() => device.receive(initPacket(BROADCAST, CtapHidCommand.INIT, 8, randomBytes(8)), failing)).not.toThrow();
    });

    it('close() cancels the pending request, waits for it, and answers nothing more', async () => {
      const double = touchingAuthenticator(fixedUserPresence('timeout'));
      const device = new CtapHidDevice(double);
      const host = new Host();
      const cid = open(device, host);
      send(device, host, cid, CtapHidCommand.CBOR, Uint8Array.of(0x0b));
      await device.close();
      expect(double.contexts[0]!.signal!.aborted).toBe(true);
      host.take();
      device.receive(initPacket(BROADCAST, CtapHidCommand.INIT, 8, randomBytes(8)), host.replyTo);
      await sleep(150);
      expect(host.take()).toEqual([]);
    });

    it('never throws and stays usable whatever reports arrive (property)', async () => {
      const commands = [...Object.values(CtapHidCommand), 0x00, 0x02, 0x40, 0x7f];
      // A fresh authenticator: random CBOR requests may change its state.
      const target = await createAuthenticator();
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              kind: fc.constantFrom('random', 'init', 'init', 'cont', 'cont', 'size', 'lock'),
              cidChoice: fc.nat(4),
              foreignCid: fc.integer({ min: 0, max: 0xffffffff }),
              command: fc.constantFrom(...commands),
              length: fc.oneof(fc.constant(1), fc.constant(8), fc.nat(200), fc.nat(8000)),
              seq: fc.oneof(fc.nat(3), fc.nat(0x7f)),
              bytes: fc.uint8Array({ minLength: 0, maxLength: 70 }),
            }),
            { maxLength: 25 },
          ),
          async (steps) => {
            const clock = new VirtualClock();
            const device = new CtapHidDevice(target, { messageTimeoutMs: 20, clock });
            const host = new Host();
            const own = open(device, host);
            for (const step of steps) {
              const cid = [own, own, 0, BROADCAST, step.foreignCid][step.cidChoice]!;
              let report: Uint8Array;
              if (step.kind === 'random') report = Uint8Array.from({ length: 64 }, (_, i) => step.bytes[i % Math.max(1, step.bytes.length)] ?? 0);
              else if (step.kind === 'size') report = step.bytes;
              else if (step.kind === 'lock') report = initPacket(cid, CtapHidCommand.LOCK, 1, Uint8Array.of(step.seq % 12));
              else if (step.kind === 'init') report = initPacket(cid, step.command, step.length, step.bytes);
              else report = contPacket(cid, step.seq, step.bytes);
              expect(() => device.receive(report, host.replyTo)).not.toThrow();
            }
            // Whatever happened, the device frees itself: locks expire, half messages time out, requests end.
            await clock.advance(11_000);
            const probe = new Host();
            let answered = false;
            for (let attempt = 0; attempt < 100 && !answered; attempt++) {
              await sleep(10);
              probe.take();
              const cid = open(device, probe);
              send(device, probe, cid, CtapHidCommand.PING, Uint8Array.of(0x42));
              answered = probe.take().some((m) => m.command === CtapHidCommand.PING);
            }
            expect(answered).toBe(true);
            // Everything the device sent was well-formed CTAPHID.
            expect(() => host.messages()).not.toThrow();
            await device.close();
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
