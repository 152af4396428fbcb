import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * The lines of standard input, read only as far as asked: `--pin-stdin` takes the first line (and `pin change`
 * the second), so a pipe that stays open does not hang the command. Trailing CR is dropped (Windows editors).
 */
export class StdinLines {
  private readonly lines: string[] = [];
  private ended = false;
  private reader: Interface | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly input: Readable) {}

  /** Line `index` (0-based), or undefined when the input ends before it. */
  async line(index: number): Promise<string | undefined> {
    this.start();
    while (this.lines.length <= index && !this.ended) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.lines[index];
  }

  /** Stops reading, so an open pipe does not keep the process alive. */
  close(): void {
    this.reader?.close();
    this.input.pause();
  }

  private start(): void {
    if (this.reader) return;
    this.reader = createInterface({ input: this.input, crlfDelay: Infinity, terminal: false });
    this.reader.on('line', (line) => {
      this.lines.push(line.replace(/\r$/, ''));
      this.wake();
    });
    this.reader.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
