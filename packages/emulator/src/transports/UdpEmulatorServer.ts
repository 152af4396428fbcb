import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { CtapHidDevice, type CtapHidAuthenticator, type CtapHidDeviceOptions } from '../hid/CtapHidDevice.js';
import { isLoopbackHost } from './isLoopbackHost.js';

export const DEFAULT_UDP_HOST = '127.0.0.1';
export const DEFAULT_UDP_PORT = 8111;

export interface UdpEmulatorServerOptions {
  /** Address to listen on; default 127.0.0.1. A non-loopback address needs `allowRemote`. */
  host?: string;
  /** Default 8111; 0 picks a free port (see what `start()` resolves with). */
  port?: number;
  /**
   * Send replies to this port on the requester's address instead of to the port they came from: the
   * convention of the firmware simulators (solo listens on 8111 and answers to 127.0.0.1:7112).
   */
  replyPort?: number;
  /** Listen on a non-loopback address. An emulated key on a network is a key anyone there can use. */
  allowRemote?: boolean;
  device?: CtapHidDeviceOptions;
}

export interface UdpEmulatorAddress {
  address: string;
  port: number;
  family: string;
}

/**
 * CTAPHID over UDP: each datagram is one 64-byte report, with no report-id byte, as the solo and canokey
 * simulators and python-fido2 / libfido2 test transports do. Replies go to the sender (or to `replyPort`).
 * A datagram of another size is answered with ERROR INVALID_LEN on the CID in its first 4 bytes (a 65-byte
 * report with a leading report id shows up that way instead of vanishing); shorter ones are dropped.
 */
export class UdpEmulatorServer {
  readonly device: CtapHidDevice;
  private readonly host: string;
  private readonly port: number;
  private socket: Socket | undefined;

  constructor(
    authenticator: CtapHidAuthenticator,
    private readonly options: UdpEmulatorServerOptions = {},
  ) {
    this.host = options.host ?? DEFAULT_UDP_HOST;
    this.port = options.port ?? DEFAULT_UDP_PORT;
    if (!isLoopbackHost(this.host) && !options.allowRemote) {
      throw new RangeError(`refusing to listen on ${this.host}, which is not a loopback address (allowRemote to force it)`);
    }
    this.device = new CtapHidDevice(authenticator, options.device);
  }

  /** Binds the socket; resolves with the address actually bound (port 0 becomes a free port). */
  async start(): Promise<UdpEmulatorAddress> {
    if (this.socket) throw new Error('the UDP emulator server is already started');
    if (!isLoopbackHost(this.host)) {
      process.stderr.write(`keybridge-emulator: warning: listening on ${this.host}: an emulator on a network is a key anyone can use\n`);
    }
    const bare = this.host.replace(/^\[(.*)\]$/, '$1');
    const socket = createSocket({ type: isIP(bare) === 6 ? 'udp6' : 'udp4' });
    this.socket = socket;
    socket.on('message', (message, peer) => {
      const replyPort = this.options.replyPort ?? peer.port;
      this.device.receive(new Uint8Array(message.buffer, message.byteOffset, message.byteLength), (report) => {
        socket.send(report, replyPort, peer.address, (error) => {
          if (error) process.stderr.write(`keybridge-emulator: cannot answer ${peer.address}:${replyPort}: ${error.message}\n`);
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: bare, port: this.port }, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      this.socket = undefined;
      try {
        socket.close();
      } catch {
        // It never ran.
      }
      throw error;
    });
    // Later socket errors (e.g. ICMP port unreachable on some systems) must not take the emulator down.
    socket.on('error', (error) => process.stderr.write(`keybridge-emulator: UDP socket error: ${error.message}\n`));
    const { address, port, family } = socket.address();
    return { address, port, family };
  }

  /** Closes the socket, then the device: resolves once a request in progress (and its state write) is done. */
  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    await this.device.close();
  }
}
