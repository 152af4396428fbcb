import { CtapHidReportQueue } from '@keybridge/ctap';
import type { CtapHidDevice } from '../hid/CtapHidDevice.js';

/**
 * A HID connection to an emulated device in the same process, with no sockets: what a client's
 * transport layer calls instead of node-hid. Each connection is one "application": the device sends
 * the answers to its requests back to this connection only, so several connections to one device
 * behave like several programs sharing a USB key.
 */
export class InProcessHidConnection {
  private readonly reports = new CtapHidReportQueue();
  private closed = false;

  constructor(private readonly device: CtapHidDevice) {}

  /** Writes one 64-byte report (no report-id byte). */
  send(report: Uint8Array): void {
    if (this.closed) throw new Error('the in-process HID connection is closed');
    // Copied: a client may reuse its buffer, and the device reads the report later (continuations).
    this.device.receive(Uint8Array.from(report), (reply) => this.deliver(reply));
  }

  /**
   * The next report from the device, or `undefined` when none arrives within `timeoutMs`
   * (as hid_read_timeout returns 0). Rejects once the connection is closed.
   */
  receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    if (this.closed) return Promise.reject(new Error('the in-process HID connection is closed'));
    return this.reports.next(timeoutMs);
  }

  /** Ends this connection: pending receives reject, later reports are dropped. The device stays up for others. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reports.clear();
    this.reports.rejectWaiting(new Error('the in-process HID connection was closed'));
  }

  private deliver(report: Uint8Array): void {
    if (!this.closed) this.reports.push(report);
  }
}
