/**
 * The one thing every transport does: carry 64-byte CTAPHID reports both ways.
 * HidTransport (node-hid), UdpTransport (emulators and firmware simulators) and MemoryTransport
 * (the in-process emulator) implement it; CtapHidChannel sits on top and knows nothing of them.
 */
export interface ReportTransport {
  /** Sends one 64-byte report (without a HID report id: the HID transport adds it). */
  send(report: Uint8Array): Promise<void>;
  /** The next 64-byte report, or undefined when none arrives within `timeoutMs`. */
  receive(timeoutMs: number): Promise<Uint8Array | undefined>;
  /**
   * A report that has already arrived, without waiting (undefined when none is there). Optional: a transport that
   * keeps arrived reports offers it so a reader skips a promise and a timer per report it finds waiting.
   */
  takeReport?(): Uint8Array | undefined;
  close(): Promise<void>;
  /** Human-readable, e.g. "udp:127.0.0.1:8111" or "hid:/dev/hidraw3". */
  readonly description: string;
}
