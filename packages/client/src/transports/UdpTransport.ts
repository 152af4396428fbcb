import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { CTAPHID_REPORT_SIZE, CtapHidReportQueue } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { ReportTransport } from './ReportTransport.js';

export interface UdpTransportOptions {
  /** Where the emulator or firmware simulator listens; default 127.0.0.1. */
  host?: string;
  /** Default 8111. */
  port?: number;
  /**
   * Receive the replies on a socket bound to this local port (on loopback) instead of from the peer: the
   * convention of the solo / canokey simulators, which answer to 127.0.0.1:7112 whatever port asked. Only
   * datagrams from HOST:PORT are taken there too, so another local process cannot forge the device's answers.
   */
  replyPort?: number;
}

/** Reports nobody reads are dropped beyond this many (oldest first), so a chatty peer cannot grow memory. */
const MAX_QUEUED_REPORTS = 4096;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * CTAPHID over UDP: one 64-byte report (no report id) per datagram, as the keybridge emulator, the solo and
 * canokey simulators and python-fido2's / libfido2's test transports do. Datagrams of any other size are dropped.
 */
export class UdpTransport implements ReportTransport {
  static readonly DEFAULT_HOST = '127.0.0.1';
  static readonly DEFAULT_PORT = 8111;

  readonly description: string;
  private readonly reports = new CtapHidReportQueue(MAX_QUEUED_REPORTS);
  private failure: CtapClientError | undefined;
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly port: number,
    readonly replyPort: number | undefined,
  ) {
    this.description = `udp:${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
    socket.on('message', (message) => {
      if (message.length !== CTAPHID_REPORT_SIZE) return;
      // Node gives every datagram its own memory, so a view of it is the report: no copy.
      this.deliver(new Uint8Array(message.buffer, message.byteOffset, message.length));
    });
    socket.on('error', (error) => this.fail(error));
  }

  /**
   * Opens the socket connected to HOST:PORT (bound to 127.0.0.1:replyPort first when replies come there): a
   * connected socket gets only the peer's datagrams from the kernel, whichever local port it is bound to.
   */
  static async open(options: UdpTransportOptions = {}): Promise<UdpTransport> {
    const host = options.host ?? UdpTransport.DEFAULT_HOST;
    const port = options.port ?? UdpTransport.DEFAULT_PORT;
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    const ipv6 = isIP(bare) === 6;
    const socket = createSocket({ type: ipv6 ? 'udp6' : 'udp4' });
    const transport = new UdpTransport(socket, bare, port, options.replyPort);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        const done = () => {
          socket.off('error', reject);
          resolve();
        };
        if (options.replyPort === undefined) socket.connect(port, bare, done);
        else socket.bind({ address: ipv6 ? '::1' : '127.0.0.1', port: options.replyPort, exclusive: true }, () => socket.connect(port, bare, done));
      });
    } catch (error) {
      await transport.close();
      const where = options.replyPort === undefined ? `${bare}:${port}` : `reply port ${options.replyPort}`;
      throw new CtapClientError('NO_DEVICE', `cannot open UDP ${where}: ${messageOf(error)}`, { cause: error });
    }
    return transport;
  }

  async send(report: Uint8Array): Promise<void> {
    if (report.length !== CTAPHID_REPORT_SIZE) {
      throw new CtapClientError('BAD_REQUEST', `a CTAPHID report is ${CTAPHID_REPORT_SIZE} bytes, not ${report.length}`);
    }
    this.assertUsable();
    // No completion callback: a datagram to loopback is handed over at once, and a later failure (ECONNREFUSED)
    // arrives as the socket's 'error' event, which fails the transport. A callback would cost a tick per report.
    try {
      this.socket.send(report);
    } catch (error) {
      throw new CtapClientError('DEVICE_GONE', `cannot send to ${this.description}: ${messageOf(error)}`, { cause: error });
    }
  }

  takeReport(): Uint8Array | undefined {
    return this.reports.shift();
  }

  receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    // Reports that arrived before a socket error are still read.
    const kept = this.reports.shift();
    if (kept) return Promise.resolve(kept);
    try {
      this.assertUsable();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.reports.next(timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reports.rejectWaiting(new CtapClientError('DEVICE_GONE', `${this.description} is closed`));
    this.reports.clear();
    await new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // never opened, or already closed
      }
    });
  }

  private deliver(report: Uint8Array): void {
    if (this.closed) return;
    this.reports.push(report);
  }

  /** A socket error (e.g. ECONNREFUSED: nothing listens at HOST:PORT) ends the transport. */
  private fail(error: Error): void {
    if (this.closed) return;
    const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
    const reason = refused ? 'nothing is listening there (is the emulator running?)' : error.message;
    this.failure = new CtapClientError('DEVICE_GONE', `${this.description}: ${reason}`, { cause: error });
    this.reports.rejectWaiting(this.failure);
  }

  private assertUsable(): void {
    if (this.closed) throw new CtapClientError('DEVICE_GONE', `${this.description} is closed`);
    if (this.failure) throw this.failure;
  }
}
