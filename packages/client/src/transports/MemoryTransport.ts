import { CtapClientError } from '../CtapClientError.js';
import type { ReportTransport } from './ReportTransport.js';

/**
 * What the client needs from an in-process device connection, such as @keybridge/emulator's
 * InProcessHidConnection; structural, so the client never imports the emulator.
 */
export interface InProcessReportConnection {
  send(report: Uint8Array): void | Promise<void>;
  /** The next report, or undefined when none arrives within `timeoutMs`. */
  receive(timeoutMs: number): Promise<Uint8Array | undefined>;
  close?(): void | Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reports to and from a device in the same process (the emulator in tests and in `keybridge emulator` demos). */
export class MemoryTransport implements ReportTransport {
  private closed = false;

  constructor(
    private readonly connection: InProcessReportConnection,
    readonly description = 'memory:in-process',
  ) {}

  async send(report: Uint8Array): Promise<void> {
    this.assertOpen();
    try {
      await this.connection.send(report);
    } catch (error) {
      throw this.gone(error);
    }
  }

  async receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    this.assertOpen();
    try {
      return await this.connection.receive(timeoutMs);
    } catch (error) {
      throw this.gone(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close?.();
  }

  private assertOpen(): void {
    if (this.closed) throw new CtapClientError('DEVICE_GONE', `${this.description} is closed`);
  }

  private gone(cause: unknown): CtapClientError {
    return new CtapClientError('DEVICE_GONE', `${this.description}: ${messageOf(cause)}`, { cause });
  }
}
