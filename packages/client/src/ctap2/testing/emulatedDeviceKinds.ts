import type { CtapDevice } from '../../hid/CtapDevice.js';
import { CtapHidChannel } from '../../hid/CtapHidChannel.js';
import { MemoryTransport, type InProcessReportConnection } from '../../transports/MemoryTransport.js';
import { UdpTransport } from '../../transports/UdpTransport.js';
import { inProcessDevice, type InProcessAuthenticator } from './inProcessDevice.js';

/**
 * The parts of @keybridge/emulator the device kinds are built from. Test files pass the module itself
 * (`import * as emulator from '@keybridge/emulator'`), so the client package never imports the emulator.
 */
export interface EmulatorParts<A, D> {
  CtapHidDevice: new (authenticator: A) => D;
  InProcessHidConnection: new (device: D) => InProcessReportConnection;
  UdpEmulatorServer: new (authenticator: A, options: { port: number }) => { start(): Promise<{ port: number }>; close(): Promise<void> };
}

export interface OpenedDevice {
  device: CtapDevice;
  close(): Promise<void>;
}

export interface EmulatedDeviceKind<A> {
  name: string;
  open(authenticator: A): Promise<OpenedDevice>;
}

/**
 * Test-only: the three ways a session reaches an emulated authenticator. `direct` calls it (inProcessDevice),
 * `in-process HID` runs CTAPHID through CtapHidChannel + MemoryTransport to an in-process CtapHidDevice, and
 * `UDP` through CtapHidChannel + UdpTransport to a UdpEmulatorServer on 127.0.0.1, port 0.
 */
export function emulatedDeviceKinds<A extends InProcessAuthenticator, D>(parts: EmulatorParts<A, D>): EmulatedDeviceKind<A>[] {
  return [
    {
      name: 'direct',
      async open(authenticator) {
        const device = inProcessDevice(authenticator);
        return { device, close: () => device.close() };
      },
    },
    {
      name: 'in-process HID',
      async open(authenticator) {
        const connection = new parts.InProcessHidConnection(new parts.CtapHidDevice(authenticator));
        const device = await CtapHidChannel.open(new MemoryTransport(connection));
        return { device, close: () => device.close() };
      },
    },
    {
      name: 'UDP',
      async open(authenticator) {
        const server = new parts.UdpEmulatorServer(authenticator, { port: 0 });
        const { port } = await server.start();
        try {
          const device = await CtapHidChannel.open(await UdpTransport.open({ port }));
          return {
            device,
            async close() {
              await device.close();
              await server.close();
            },
          };
        } catch (error) {
          await server.close();
          throw error;
        }
      },
    },
  ];
}
