import type { ReportTransport } from '@keybridge/client';

/** A transport that keeps every report it receives: what the device sent, which the channel does not hand out. */
export class RecordingTransport implements ReportTransport {
  readonly received: Uint8Array[] = [];

  constructor(private readonly inner: ReportTransport) {}

  get description(): string {
    return this.inner.description;
  }

  send(report: Uint8Array): Promise<void> {
    return this.inner.send(report);
  }

  async receive(timeoutMs: number): Promise<Uint8Array | undefined> {
    const report = await this.inner.receive(timeoutMs);
    if (report) this.received.push(Uint8Array.from(report));
    return report;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
