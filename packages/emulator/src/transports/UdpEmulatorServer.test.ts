import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import {
  CTAPHID_BROADCAST_CID,
  CtapHidCommand,
  CtapHidErrorCode,
  CtapHidMessageAssembler,
  encodeCtapHidMessage,
  parseCtapHidPacket,
  type CtapHidMessage,
} from '@keybridge/ctap';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Authenticator } from '../Authenticator.js';
import { createAuthenticator } from '../createAuthenticator.js';
import { UdpEmulatorServer } from './UdpEmulatorServer.js';

/** A UDP peer that reads whole CTAPHID messages. */
class UdpHost {
  private readonly reports: Buffer[] = [];
  private wake: (() => void) | undefined;

  constructor(readonly socket: Socket) {
    socket.on('message', (message) => {
      this.reports.push(message);
      this.wake?.();
    });
  }

  static async bind(): Promise<UdpHost> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpHost(socket);
  }

  /** Datagrams received and not read yet. */
  get pending(): number {
    return this.reports.length;
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(port: number, reports: Uint8Array[]): void {
    for (const report of reports) this.socket.send(report, port, '127.0.0.1');
  }

  private async nextReport(timeoutMs: number): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.reports.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no datagram within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.reports.shift()!;
  }

  async message(timeoutMs = 2000): Promise<CtapHidMessage> {
    const first = await this.nextReport(timeoutMs);
    expect(first).toHaveLength(64);
    const packet = parseCtapHidPacket(first);
    if (packet.kind !== 'init') throw new Error('expected an init packet');
    const assembler = new CtapHidMessageAssembler(packet);
    while (!assembler.complete) {
      const next = parseCtapHidPacket(await this.nextReport(timeoutMs));
      if (next.kind !== 'cont') throw new Error('expected a continuation packet');
      assembler.add(next);
    }
    return assembler.message();
  }

  close(): void {
    this.socket.close();
  }
}

async function openChannel(host: UdpHost, serverPort: number): Promise<number> {
  const nonce = randomBytes(8);
  host.send(serverPort, encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce));
  const reply = await host.message();
  expect(reply.cid).toBe(CTAPHID_BROADCAST_CID);
  expect(Buffer.from(reply.payload.subarray(0, 8))).toEqual(nonce);
  return new DataView(reply.payload.buffer, reply.payload.byteOffset).getUint32(8);
}

describe('UdpEmulatorServer', () => {
  let authenticator: Authenticator;
  const cleanup: (() => unknown)[] = [];
  beforeAll(async () => {
    authenticator = await createAuthenticator();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    vi.restoreAllMocks();
  });

  it('listens on 127.0.0.1 and answers each datagram-report to its sender', async () => {
    const server = new UdpEmulatorServer(authenticator, { port: 0 });
    cleanup.push(() => server.close());
    const { address, port, family } = await server.start();
    expect(address).toBe('127.0.0.1');
    expect(family).toBe('IPv4');
    expect(port).toBeGreaterThan(0);

    const a = await UdpHost.bind();
    const b = await UdpHost.bind();
    cleanup.push(() => a.close(), () => b.close());
    const cidA = await openChannel(a, port);
    const cidB = await openChannel(b, port);
    const payload = randomBytes(1000);
    a.send(port, encodeCtapHidMessage(cidA, CtapHidCommand.PING, payload));
    expect(await a.message()).toEqual({ cid: cidA, command: CtapHidCommand.PING, payload: new Uint8Array(payload) });
    b.send(port, encodeCtapHidMessage(cidB, CtapHidCommand.CBOR, Uint8Array.of(0x3f)));
    expect(await b.message()).toEqual({ cid: cidB, command: CtapHidCommand.CBOR, payload: Uint8Array.of(0x01) });
  });

  it('answers a datagram that is not 64 bytes with INVALID_LEN on its CID', async () => {
    const server = new UdpEmulatorServer(authenticator, { port: 0 });
    cleanup.push(() => server.close());
    const { port } = await server.start();
    const host = await UdpHost.bind();
    cleanup.push(() => host.close());
    const cid = await openChannel(host, port);
    // A report with the report-id byte still in front, as node-hid writes it.
    const [ping] = encodeCtapHidMessage(cid, CtapHidCommand.PING, Uint8Array.of(1));
    host.send(port, [Uint8Array.of(...ping!.subarray(0, 4), ...ping!)]);
    expect(await host.message()).toEqual({ cid, command: CtapHidCommand.ERROR, payload: Uint8Array.of(CtapHidErrorCode.INVALID_LEN) });
  });

  it('sends the replies to replyPort when one is given', async () => {
    const receiver = await UdpHost.bind();
    const sender = await UdpHost.bind();
    cleanup.push(() => receiver.close(), () => sender.close());
    const server = new UdpEmulatorServer(authenticator, { port: 0, replyPort: receiver.port });
    cleanup.push(() => server.close());
    const { port } = await server.start();
    const nonce = randomBytes(8);
    sender.send(port, encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce));
    const reply = await receiver.message();
    expect(reply.cid).toBe(CTAPHID_BROADCAST_CID);
    expect(Buffer.from(reply.payload.subarray(0, 8))).toEqual(nonce);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sender.pending).toBe(0);
  });

  it('refuses a non-loopback host unless allowRemote, and then warns', async () => {
    expect(() => new UdpEmulatorServer(authenticator, { host: '0.0.0.0', port: 0 })).toThrow(/not a loopback address/);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const server = new UdpEmulatorServer(authenticator, { host: '0.0.0.0', port: 0, allowRemote: true });
    cleanup.push(() => server.close());
    const { address } = await server.start();
    expect(address).toBe('0.0.0.0');
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain('an emulator on a network is a key anyone can use');
  });

  it('rejects start() when the port is taken, and can be closed twice', async () => {
    const first = new UdpEmulatorServer(authenticator, { port: 0 });
    cleanup.push(() => first.close());
    const { port } = await first.start();
    const second = new UdpEmulatorServer(authenticator, { port });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
    await second.close();
    await first.close();
  });
});
