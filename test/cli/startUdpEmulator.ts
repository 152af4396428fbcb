import { createSocket } from 'node:dgram';
import { createAuthenticator, UdpEmulatorServer, type Authenticator, type AuthenticatorOptions } from '@keybridge/emulator';

export interface UdpEmulator {
  authenticator: Authenticator;
  server: UdpEmulatorServer;
  /** The --device value that reaches it. */
  device: string;
  /** CTAPHID commands it received, in order (the byte after the channel id of each init packet). */
  commands: number[];
  close(): Promise<void>;
}

/**
 * The emulator in the test's own process on a free UDP port, so the test can change what the emulated user does,
 * power-cycle the key (PIN_AUTH_BLOCKED lasts until then) or move its power-up time, between CLI runs.
 */
export async function startUdpEmulator(options: AuthenticatorOptions = {}, serverOptions: { replyPort?: number } = {}): Promise<UdpEmulator> {
  const authenticator = await createAuthenticator(options);
  const server = new UdpEmulatorServer(authenticator, { host: '127.0.0.1', port: 0, ...serverOptions });
  const commands: number[] = [];
  const receive = server.device.receive.bind(server.device);
  server.device.receive = (report, reply) => {
    // An init packet has the top bit of its 5th byte set; that byte is the CTAPHID command.
    if (report.length >= 5 && (report[4]! & 0x80) !== 0) commands.push(report[4]!);
    return receive(report, reply);
  };
  const { port } = await server.start();
  return { authenticator, server, device: `udp:127.0.0.1:${port}`, commands, close: () => server.close() };
}

/** A UDP port on 127.0.0.1 that was free a moment ago (bound, read and released), for a fixed --reply-port. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
