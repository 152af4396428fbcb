import { CTAPHID_REPORT_SIZE } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import { loadNodeHid } from './loadNodeHid.js';
import type { NodeHidApi, NodeHidDevice } from './NodeHidApi.js';
import type { ReportTransport } from './ReportTransport.js';

export interface HidTransportOpenOptions {
  /** node-hid or a stand-in; default: node-hid, loaded on first use. */
  nodeHid?: NodeHidApi;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * CTAPHID reports over USB HID through node-hid. Each write is 65 bytes: report id 0, then the 64-byte report.
 * The device object is injectable (`new HidTransport(device, path)`) so the report path is testable without a key.
 */
export class HidTransport implements ReportTransport {
  readonly description: string;
  private closed = false;

  constructor(
    private readonly device: NodeHidDevice,
    readonly path: string,
  ) {
    this.description = `hid:${path}`;
  }

  /** Opens the key at `path` (from listHidSecurityKeys). A path that cannot be opened is NO_DEVICE. */
  static async open(path: string, options: HidTransportOpenOptions = {}): Promise<HidTransport> {
    const nodeHid = options.nodeHid ?? (await loadNodeHid());
    let device: NodeHidDevice;
    try {
      device = await nodeHid.HIDAsync.open(path);
    } catch (error) {
      throw new CtapClientError(
        'NO_DEVICE',
        `cannot open the security key at ${path}: ${messageOf(error)} (unplugged, or no permission: on Linux a udev rule must grant access to its hidraw node)`,
        { cause: error },
      );
    }
    return new HidTransport(device, path);
  }

  async send(report: Uint8Array): Promise<void> {
    if (report.length !== CTAPHID_REPORT_SIZE) {
      throw new CtapClientError('BAD_REQUEST', `a CTAPHID report is ${CTAPHID_REPORT_SIZE} bytes, not ${report.length}`);
    }
    this.assertOpen();
    const withReportId = Buffer.alloc(1 + CTAPHID_REPORT_SIZE);
    withReportId.set(report, 1);
    let written: number;
    try {
      written = await this.device.write(withReportId);
    } catch (error) {
      throw this.gone(error);
    }
    if (written < 0) throw this.gone(new Error(`write returned ${written}`));
  }

  async receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    this.assertOpen();
    // node-hid takes a uint32 (a negative value would wrap around to "wait for weeks"); -1 would block forever.
    const timeout = Math.max(0, Math.ceil(timeoutMs));
    let data: Buffer | Uint8Array | undefined;
    try {
      data = await this.device.read(timeout);
    } catch (error) {
      throw this.gone(error);
    }
    // hid_read_timeout returns 0 bytes on timeout, which node-hid hands over as an empty buffer.
    if (!data || data.length === 0) return undefined;
    return Uint8Array.from(data);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.device.close();
    } catch {
      // Already gone (unplugged): nothing left to release.
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new CtapClientError('DEVICE_GONE', `${this.description} is closed`);
  }

  private gone(cause: unknown): CtapClientError {
    return new CtapClientError('DEVICE_GONE', `the security key at ${this.path} was unplugged or stopped answering: ${messageOf(cause)}`, { cause });
  }
}
