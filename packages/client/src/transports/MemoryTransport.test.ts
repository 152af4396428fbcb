import { CTAPHID_BROADCAST_CID, CtapHidCommand, encodeCtapHidMessage, parseCtapHidPacket } from '@keybridge/ctap';
import { CtapHidDevice, InProcessHidConnection, createAuthenticator } from '@keybridge/emulator';
import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { MemoryTransport, type InProcessReportConnection } from './MemoryTransport.js';

describe('MemoryTransport', () => {
  it('carries reports to an in-process emulator and back, and times out with undefined', async () => {
    const device = new CtapHidDevice(await createAuthenticator());
    const transport = new MemoryTransport(new InProcessHidConnection(device), 'memory:test');
    expect(transport.description).toBe('memory:test');
    const nonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    await transport.send(encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce)[0]!);
    const reply = parseCtapHidPacket((await transport.receive(1000))!);
    expect(reply).toMatchObject({ kind: 'init', cid: CTAPHID_BROADCAST_CID, command: CtapHidCommand.INIT, length: 17 });
    expect(reply.data.subarray(0, 8)).toEqual(nonce);
    expect(await transport.receive(20)).toBeUndefined();
    await transport.close();
    await expect(transport.receive(10)).rejects.toMatchObject({ code: 'DEVICE_GONE' });
    await expect(transport.send(new Uint8Array(64))).rejects.toBeInstanceOf(CtapClientError);
    await transport.close();
    await device.close();
  });

  it('turns the connection failing into DEVICE_GONE', async () => {
    let closes = 0;
    const connection: InProcessReportConnection = {
      send: () => {
        throw new Error('the in-process HID connection is closed');
      },
      receive: () => Promise.reject(new Error('the in-process HID connection was closed')),
      close: () => {
        closes++;
      },
    };
    const transport = new MemoryTransport(connection);
    await expect(transport.send(new Uint8Array(64))).rejects.toMatchObject({ code: 'DEVICE_GONE', message: expect.stringContaining('closed') });
    await expect(transport.receive(10)).rejects.toMatchObject({ code: 'DEVICE_GONE' });
    await transport.close();
    await transport.close();
    expect(closes).toBe(1);
  });
});
