import { randomBytes } from 'node:crypto';
import { CTAPHID_BROADCAST_CID, CtapHidCommand, encodeCtapHidMessage, parseCtapHidPacket } from '@keybridge/ctap';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Authenticator } from '../Authenticator.js';
import { createAuthenticator } from '../createAuthenticator.js';
import { CtapHidDevice } from '../hid/CtapHidDevice.js';
import { InProcessHidConnection } from './InProcessHidConnection.js';

async function openChannel(connection: InProcessHidConnection): Promise<number> {
  const [init] = encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, randomBytes(8));
  connection.send(init!);
  const reply = await connection.receive(1000);
  const packet = parseCtapHidPacket(reply!);
  if (packet.kind !== 'init') throw new Error('expected an init packet');
  return new DataView(packet.data.buffer, packet.data.byteOffset).getUint32(8);
}

describe('InProcessHidConnection', () => {
  let authenticator: Authenticator;
  beforeAll(async () => {
    authenticator = await createAuthenticator();
  });

  it('carries a multi-packet PING to the device and its echo back, report by report', async () => {
    const device = new CtapHidDevice(authenticator);
    const connection = new InProcessHidConnection(device);
    const cid = await openChannel(connection);
    const payload = randomBytes(300);
    const reports = encodeCtapHidMessage(cid, CtapHidCommand.PING, payload);
    // The connection copies what it is given: reusing the buffer afterwards changes nothing.
    const buffer = new Uint8Array(64);
    for (const report of reports) {
      buffer.set(report);
      connection.send(buffer);
      buffer.fill(0xee);
    }
    const received: Uint8Array[] = [];
    for (let i = 0; i < reports.length; i++) received.push((await connection.receive(1000))!);
    expect(received.map((r) => Buffer.from(r).toString('hex'))).toEqual(reports.map((r) => Buffer.from(r).toString('hex')));
    expect(await connection.receive(20)).toBeUndefined();
    connection.close();
    await device.close();
  });

  it('waits for a report that comes later (a CBOR answer) and times out with undefined when none comes', async () => {
    const device = new CtapHidDevice(authenticator);
    const connection = new InProcessHidConnection(device);
    const cid = await openChannel(connection);
    const started = Date.now();
    expect(await connection.receive(50)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const pending = connection.receive(1000);
    connection.send(encodeCtapHidMessage(cid, CtapHidCommand.CBOR, Uint8Array.of(0x3f))[0]!);
    const reply = parseCtapHidPacket((await pending)!);
    expect(reply).toMatchObject({ kind: 'init', cid, command: CtapHidCommand.CBOR, length: 1 });
    connection.close();
    await device.close();
  });

  it('keeps two connections to one device apart', async () => {
    const device = new CtapHidDevice(authenticator);
    const first = new InProcessHidConnection(device);
    const second = new InProcessHidConnection(device);
    const cidFirst = await openChannel(first);
    const cidSecond = await openChannel(second);
    second.send(encodeCtapHidMessage(cidSecond, CtapHidCommand.PING, Uint8Array.of(2))[0]!);
    first.send(encodeCtapHidMessage(cidFirst, CtapHidCommand.PING, Uint8Array.of(1))[0]!);
    expect(parseCtapHidPacket((await first.receive(100))!)).toMatchObject({ cid: cidFirst, data: Uint8Array.of(1) });
    expect(parseCtapHidPacket((await second.receive(100))!)).toMatchObject({ cid: cidSecond, data: Uint8Array.of(2) });
    expect(await first.receive(20)).toBeUndefined();
    first.close();
    second.close();
    await device.close();
  });

  it('rejects pending and later receives once closed, and refuses to send', async () => {
    const device = new CtapHidDevice(authenticator);
    const connection = new InProcessHidConnection(device);
    const pending = connection.receive(5000);
    connection.close();
    await expect(pending).rejects.toThrow(/closed/);
    await expect(connection.receive(10)).rejects.toThrow(/closed/);
    expect(() => connection.send(new Uint8Array(64))).toThrow(/closed/);
    await device.close();
  });
});
