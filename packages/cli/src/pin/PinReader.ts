import { CliError } from '../program/CliError.js';

/** Where PINs can come from; injected so the order of the sources is testable without a terminal. */
export interface PinSources {
  /** --pin-stdin: PINs are lines of standard input. */
  pinStdin: boolean;
  env: NodeJS.ProcessEnv;
  /** Standard input is a terminal: a no-echo prompt can ask. */
  interactive: boolean;
  readStdinLine(index: number): Promise<string | undefined>;
  /** A prompt that does not echo what is typed. */
  promptHidden(message: string): Promise<string>;
}

/** Which new PIN: the stdin line it is on and the environment variables that may hold it, in order. */
export interface NewPinSource {
  stdinLine: number;
  envNames: readonly string[];
}

const NO_SOURCE =
  'This needs a PIN: run it on a terminal to be asked, or give it on standard input with --pin-stdin, or in KEYBRIDGE_PIN';

/**
 * The PINs a command needs, from `--pin-stdin` first, then the environment (KEYBRIDGE_PIN, KEYBRIDGE_NEW_PIN),
 * then a no-echo prompt on a terminal. A PIN is never echoed, logged or put into an error message.
 */
export class PinReader {
  constructor(private readonly sources: PinSources) {}

  /** The key's current PIN: stdin line 1, KEYBRIDGE_PIN, or a prompt. */
  async currentPin(): Promise<string> {
    const pin = await this.fromStdinOrEnv(0, ['KEYBRIDGE_PIN']);
    if (pin !== undefined) return pin;
    if (!this.sources.interactive) throw new CliError('USAGE', NO_SOURCE);
    return this.nonEmpty(await this.sources.promptHidden('PIN of the security key'));
  }

  /** A new PIN: from stdin or the environment as `source` says, or typed twice at a prompt. */
  async newPin(source: NewPinSource): Promise<string> {
    const pin = await this.fromStdinOrEnv(source.stdinLine, source.envNames);
    if (pin !== undefined) return pin;
    if (!this.sources.interactive) {
      throw new CliError('USAGE', `This needs the new PIN: run it on a terminal to be asked, or give it with --pin-stdin or ${source.envNames.join(' or ')}`);
    }
    const first = this.nonEmpty(await this.sources.promptHidden('New PIN'));
    const second = await this.sources.promptHidden('The new PIN again');
    if (first !== second) throw new CliError('PIN_MISMATCH', 'The two new PINs differ: nothing was changed');
    return first;
  }

  private async fromStdinOrEnv(stdinLine: number, envNames: readonly string[]): Promise<string | undefined> {
    if (this.sources.pinStdin) {
      const line = await this.sources.readStdinLine(stdinLine);
      if (line === undefined || line === '') {
        throw new CliError('USAGE', `--pin-stdin: no PIN on line ${stdinLine + 1} of standard input`);
      }
      return line;
    }
    for (const name of envNames) {
      const value = this.sources.env[name];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  }

  private nonEmpty(pin: string): string {
    if (pin === '') throw new CliError('USAGE', 'An empty PIN: nothing was sent to the key');
    return pin;
  }
}
