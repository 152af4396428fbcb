import { randomBytes } from 'node:crypto';
import { Ctap2Command, CtapStatus, encodeCtap2Request } from '@keybridge/ctap';
import { CtapHidDevice, createAuthenticator } from '@keybridge/emulator';
import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { CtapHidChannel } from '../hid/CtapHidChannel.js';
import { HidTransport } from './HidTransport.js';
import type { NodeHidApi, NodeHidDevice } from './NodeHidApi.js';

/** A node-hid device object whose reads come from a list, as node-hid returns them. */
class FakeHidDevice implements NodeHidDevice {
  readonly writes: Buffer[] = [];
  readonly readTimeouts: (number | undefined)[] = [];
  closes = 0;
  constructor(private readonly reads: (Buffer | undefined | Error)[] = []) {}
  async write(values: number[] | Buffer): Promise<number> {
    this.writes.push(Buffer.from(values));
    return values.length;
  }
  async read(timeoutMs?: number): Promise<Buffer | undefined> {
    this.readTimeouts.push(timeoutMs);
    const next = this.reads.shift();
    if (next instanceof Error) throw next;
    return next;
  }
  async close(): Promise<void> {
    this.closes++;
  }
}

/**
 * A node-hid device object with the emulator behind it: what a USB key would do with 65-byte writes
 * (report id 0 first), answering through reads that time out with an empty buffer as hid_read_timeout does.
 */
class EmulatedHidDevice implements NodeHidDevice {
  readonly writes: Buffer[] = [];
  private readonly replies: Buffer[] = [];
  private wake: (() => void) | undefined;
  unplugged = false;
  constructor(private readonly device: CtapHidDevice) {}
  async write(values: number[] | Buffer): Promise<number> {
    if (this.unplugged) throw new Error('Cannot write to hid device');
    const bytes = Buffer.from(values);
    this.writes.push(bytes);
    this.device.receive(new Uint8Array(bytes.subarray(1)), (report) => {
      this.replies.push(Buffer.from(report));
      this.wake?.();
    });
    return bytes.length;
  }
  async read(timeoutMs = 0): Promise<Buffer> {
    if (!this.replies.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    if (this.unplugged) throw new Error('could not read data from device: No such device');
    return this.replies.shift() ?? Buffer.alloc(0);
  }
  async close(): Promise<void> {}
}

describe('HidTransport', () => {
  it('writes each report as 65 bytes with report id 0 in front', async () => {
    const device = new FakeHidDevice();
    const transport = new HidTransport(device, '/dev/hidraw7');
    expect(transport.description).toBe('hid:/dev/hidraw7');
    const report = Uint8Array.from(randomBytes(64));
    await transport.send(report);
    expect(device.writes).toHaveLength(1);
    expect(device.writes[0]).toHaveLength(65);
    expect(device.writes[0]![0]).toBe(0);
    expect(device.writes[0]!.subarray(1)).toEqual(Buffer.from(report));
    await expect(transport.send(new Uint8Array(65))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(device.writes).toHaveLength(1);
  });

  it('maps reads to Uint8Array, timeouts (empty buffer or undefined) to undefined, and passes the timeout on', async () => {
    const report = randomBytes(64);
    const device = new FakeHidDevice([report, Buffer.alloc(0), undefined]);
    const transport = new HidTransport(device, '/dev/hidraw7');
    const received = await transport.receive(250);
    expect(received).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(received!)).toEqual(report);
    expect(await transport.receive(10.2)).toBeUndefined();
    expect(await transport.receive(-5)).toBeUndefined();
    // node-hid takes whole, non-negative milliseconds (-1 would mean "block forever").
    expect(device.readTimeouts).toEqual([250, 11, 0]);
  });

  it('reports an unplugged device (read or write failing) as DEVICE_GONE, and a closed one too', async () => {
    const device = new FakeHidDevice([new Error('could not read data from device: No such device')]);
    device.write = () => Promise.reject(new Error('Cannot write to hid device'));
    const transport = new HidTransport(device, '/dev/hidraw7');
    const readError = await transport.receive(100).catch((error: unknown) => error);
    expect(readError).toBeInstanceOf(CtapClientError);
    expect(readError).toMatchObject({ code: 'DEVICE_GONE', message: expect.stringContaining('unplugged') });
    await expect(transport.send(new Uint8Array(64))).rejects.toMatchObject({ code: 'DEVICE_GONE' });
    await transport.close();
    await transport.close();
    expect(device.closes).toBe(1);
    await expect(transport.receive(10)).rejects.toMatchObject({ code: 'DEVICE_GONE' });
  });

  it('opens a path through node-hid (injected), and a path it cannot open is NO_DEVICE', async () => {
    const device = new FakeHidDevice();
    const opened: string[] = [];
    const nodeHid: NodeHidApi = {
      devicesAsync: async () => [],
      HIDAsync: {
        open: async (path) => {
          opened.push(path);
          if (path !== '/dev/hidraw1') throw new Error(`cannot open device with path ${path}`);
          return device;
        },
      },
    };
    const transport = await HidTransport.open('/dev/hidraw1', { nodeHid });
    expect(transport.path).toBe('/dev/hidraw1');
    await expect(HidTransport.open('/dev/hidraw9', { nodeHid })).rejects.toMatchObject({ code: 'NO_DEVICE', message: expect.stringContaining('/dev/hidraw9') });
    expect(opened).toEqual(['/dev/hidraw1', '/dev/hidraw9']);
  });

  it('opening a path that does not exist through the real node-hid is NO_DEVICE', async () => {
    await expect(HidTransport.open('/dev/keybridge-no-such-hidraw')).rejects.toMatchObject({ code: 'NO_DEVICE' });
  });

  it('carries a whole CtapHidChannel conversation with an emulated key behind the node-hid device object', async () => {
    const emulated = new CtapHidDevice(await createAuthenticator());
    const device = new EmulatedHidDevice(emulated);
    const channel = await CtapHidChannel.open(new HidTransport(device, '/dev/hidraw-emulated'));
    expect(channel.description).toBe('hid:/dev/hidraw-emulated');
    const data = randomBytes(1000);
    expect(Buffer.from(await channel.ping(data))).toEqual(data);
    expect((await channel.cbor(encodeCtap2Request(Ctap2Command.getInfo)))[0]).toBe(CtapStatus.OK);
    expect(device.writes.length).toBeGreaterThan(18);
    for (const write of device.writes) {
      expect(write).toHaveLength(65);
      expect(write[0]).toBe(0);
    }
    device.unplugged = true;
    await expect(channel.ping(Uint8Array.of(1))).rejects.toMatchObject({ code: 'DEVICE_GONE' });
    await channel.close();
    await emulated.close();
  });
});
