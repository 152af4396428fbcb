import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { CTAPHID_BROADCAST_CID, CtapHidCommand, encodeCtapHidMessage, parseCtapHidPacket } from '@keybridge/ctap';
import { UdpEmulatorServer, createAuthenticator } from '@keybridge/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { CtapHidChannel } from '../hid/CtapHidChannel.js';
import { UdpTransport } from './UdpTransport.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startEmulator(replyPort?: number): Promise<number> {
  const server = new UdpEmulatorServer(await createAuthenticator(), { port: 0, replyPort });
  cleanup.push(() => server.close());
  return (await server.start()).port;
}

/** A UDP port free right now (bound, then released). */
async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function open(options: Parameters<typeof UdpTransport.open>[0]): Promise<UdpTransport> {
  const transport = await UdpTransport.open(options);
  cleanup.push(() => transport.close());
  return transport;
}

describe('UdpTransport', () => {
  it('defaults to 127.0.0.1:8111', async () => {
    const transport = await open({});
    expect(transport.description).toBe('udp:127.0.0.1:8111');
    expect([UdpTransport.DEFAULT_HOST, UdpTransport.DEFAULT_PORT]).toEqual(['127.0.0.1', 8111]);
  });

  it('exchanges reports with the emulator, replies coming from the peer', async () => {
    const port = await startEmulator();
    const transport = await open({ port });
    expect(transport.description).toBe(`udp:127.0.0.1:${port}`);
    const nonce = randomBytes(8);
    await transport.send(encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce)[0]!);
    const reply = parseCtapHidPacket((await transport.receive(1000))!);
    expect(reply).toMatchObject({ kind: 'init', cid: CTAPHID_BROADCAST_CID, command: CtapHidCommand.INIT });
    expect(Buffer.from(reply.data.subarray(0, 8))).toEqual(nonce);
    expect(await transport.receive(30)).toBeUndefined();
  });

  it('receives the replies on 127.0.0.1:replyPort when the device answers there (the 7112 convention)', async () => {
    const replyPort = await freePort();
    const port = await startEmulator(replyPort);
    const transport = await open({ port, replyPort });
    const channel = await CtapHidChannel.open(transport);
    const data = randomBytes(3000);
    expect(Buffer.from(await channel.ping(data))).toEqual(data);
    // Without replyPort, the answers (sent to replyPort) never reach a connected socket.
    const deaf = await open({ port });
    await expect(CtapHidChannel.open(deaf, { initTimeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('takes on the reply port only datagrams from the device, not answers forged by another local sender', async () => {
    const replyPort = await freePort();
    const port = await startEmulator(replyPort);
    const transport = await open({ port, replyPort });
    const spoofer = createSocket('udp4');
    cleanup.push(() => new Promise<void>((resolve) => spoofer.close(() => resolve())));
    await new Promise<void>((resolve) => spoofer.bind(0, '127.0.0.1', resolve));
    // A forged INIT answer on broadcast, as a channel waiting for INIT would take it; on loopback a sent
    // datagram is queued at the receiver before the send completes, so it is there before the device's answer.
    const forged = encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, new Uint8Array(17).fill(0xee))[0]!;
    await new Promise<void>((resolve, reject) => spoofer.send(forged, replyPort, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    const nonce = randomBytes(8);
    await transport.send(encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce)[0]!);
    const reply = parseCtapHidPacket((await transport.receive(1000))!);
    expect(Buffer.from(reply.data.subarray(0, 8))).toEqual(nonce);
    expect(await transport.receive(30)).toBeUndefined();
  });

  it('drops datagrams that are not 64 bytes', async () => {
    const peer = createSocket('udp4');
    cleanup.push(() => new Promise<void>((resolve) => peer.close(() => resolve())));
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    const transport = await open({ port: peer.address().port });
    // The peer learns our address from a first datagram, then answers with the wrong sizes and one right one.
    const from = new Promise<number>((resolve) => peer.once('message', (_message, info) => resolve(info.port)));
    await transport.send(new Uint8Array(64));
    const ourPort = await from;
    for (const size of [63, 65, 0, 64]) peer.send(new Uint8Array(size).fill(size), ourPort, '127.0.0.1');
    const report = await transport.receive(1000);
    expect(report).toEqual(new Uint8Array(64).fill(64));
    expect(await transport.receive(50)).toBeUndefined();
    await expect(transport.send(new Uint8Array(65))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('says DEVICE_GONE when nothing listens at HOST:PORT, and once closed', async () => {
    const transport = await open({ port: await freePort() });
    await transport.send(new Uint8Array(64));
    const error = await transport.receive(2000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CtapClientError);
    expect(error).toMatchObject({ code: 'DEVICE_GONE', message: expect.stringContaining('nothing is listening') });
    const closing = await open({ port: 8111 });
    const pending = closing.receive(5000);
    await closing.close();
    await expect(pending).rejects.toMatchObject({ code: 'DEVICE_GONE' });
    await expect(closing.send(new Uint8Array(64))).rejects.toMatchObject({ code: 'DEVICE_GONE' });
  });

  it('refuses a reply port that is taken with NO_DEVICE', async () => {
    const holder = createSocket('udp4');
    cleanup.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
    await expect(UdpTransport.open({ port: 8111, replyPort: holder.address().port })).rejects.toMatchObject({
      code: 'NO_DEVICE',
      message: expect.stringContaining('EADDRINUSE'),
    });
  });
});
