// A ReportTransport for measuring a client's own CPU per request: it passes reports to and from a real transport
// while `record()` captures one request's answer; after that, every request is answered from memory with copies of
// those reports, there at once. What a request costs then is the client's code alone: no syscall, no wait, no
// emulator (the CTAPHID channel and everything above it run as they do against a device).

export class ReplayingTransport {
  constructor(inner) {
    this.inner = inner;
    this.description = `replaying ${inner.description}`;
    this.recording = undefined;
    this.answer = undefined;
    this.reportsPerRequest = 0;
    this.sent = 0;
    this.queue = [];
  }

  /** Runs `request` through the real transport, counting the reports it sends and keeping those it receives. */
  async record(request) {
    this.recording = { sent: 0, received: [] };
    await request();
    this.reportsPerRequest = this.recording.sent;
    this.answer = this.recording.received;
    this.recording = undefined;
  }

  async send(report) {
    if (this.answer === undefined) {
      if (this.recording) this.recording.sent++;
      return this.inner.send(report);
    }
    // The request's last report is in: its answer is there.
    if (++this.sent % this.reportsPerRequest === 0) for (const answer of this.answer) this.queue.push(answer.slice());
  }

  takeReport() {
    if (this.answer !== undefined) return this.queue.shift();
    return this.kept(this.inner.takeReport?.());
  }

  async receive(timeoutMs) {
    if (this.answer !== undefined) return this.queue.shift();
    return this.kept(await this.inner.receive(timeoutMs));
  }

  close() {
    return this.inner.close();
  }

  kept(report) {
    if (report && this.recording) this.recording.received.push(report.slice());
    return report;
  }
}
