import { createAuthenticator } from '../createAuthenticator.js';
import { UdpEmulatorServer, type UdpEmulatorAddress } from '../transports/UdpEmulatorServer.js';
import { UhidDevice } from '../transports/uhid/UhidDevice.js';
import type { EmulatorCommand } from './parseEmulatorArguments.js';

export type EmulatorRunCommand = Extract<EmulatorCommand, { action: 'run' }>;

/** A running emulator, as `keybridge-emulator` and `keybridge emulator` print it; close() stops it. */
export type RunningEmulator = { close(): Promise<void> } & (
  | { transport: 'udp'; address: UdpEmulatorAddress }
  | { transport: 'uhid'; hidrawPath: string; vendorId: number; productId: number }
);

/**
 * The authenticator of `command` on its transport: a UDP server, or a kernel HID device (--uhid). Creating the
 * authenticator may already write the state file (--pin). A transport that fails to start is closed again.
 */
export async function startEmulator(command: EmulatorRunCommand): Promise<RunningEmulator> {
  const authenticator = await createAuthenticator(command.authenticator);
  if (command.uhid) {
    const { vendorId, productId } = command.uhid;
    const device = new UhidDevice(authenticator, { vendorId, productId });
    const { hidrawPath } = await device.start();
    return { transport: 'uhid', hidrawPath, vendorId, productId, close: () => device.close() };
  }
  const { host, port, allowRemote, replyPort } = command;
  const server = new UdpEmulatorServer(authenticator, { host, port, allowRemote, ...(replyPort === undefined ? {} : { replyPort }) });
  const address = await server.start();
  return { transport: 'udp', address, close: () => server.close() };
}

/** "1209:0001". */
export function formatUsbId(vendorId: number, productId: number): string {
  return [vendorId, productId].map((id) => id.toString(16).padStart(4, '0')).join(':');
}
