import type { Readable, Writable } from 'node:stream';
import { openSession, type Ctap1Session, type Ctap2Session, type CtapDevice, type CtapRequestOptions } from '@keybridge/client';
import { CtapHidKeepaliveStatus } from '@keybridge/ctap';
import { openChosenDevice } from '../device/openChosenDevice.js';
import { createPaint, type Paint } from '../output/createPaint.js';
import { shouldUseColour } from '../output/shouldUseColour.js';
import { PinReader } from '../pin/PinReader.js';
import { StdinLines } from '../pin/StdinLines.js';
import { CliError } from './CliError.js';

/** The options every device command takes. */
export interface CommonOptions {
  json?: boolean;
  /** hid:PATH or udp:HOST:PORT (commander fills it from KEYBRIDGE_DEVICE too). */
  device?: string;
  /** --reply-port (or KEYBRIDGE_REPLY_PORT): where a udp: device sends its answers. */
  replyPort?: number;
  /** Milliseconds. */
  timeout?: number;
  pinStdin?: boolean;
}

/** The process around a command; replaced in unit tests. */
export interface CommandIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/**
 * What a command runs with: its options, the Ctrl-C signal, where to say things (stderr) and the key it opens.
 * Devices opened here are closed by the runner when the command ends, whatever happens.
 */
export class CommandContext {
  readonly json: boolean;
  /** Colours for stdout and for stderr: each stream decides for itself (one may be a pipe, the other a terminal). */
  readonly paint: Paint;
  readonly paintErr: Paint;
  readonly pins: PinReader;
  /** The latest request's last keep-alive said UPNEEDED: a timeout then means nobody touched the key. */
  waitingForTouch = false;
  private readonly opened: CtapDevice[] = [];
  private stdinLines: StdinLines | undefined;
  /** Lines of standard input taken by readSecret; a PIN from --pin-stdin is the line after them. */
  private stdinLinesTaken = 0;

  constructor(
    readonly options: CommonOptions,
    readonly signal: AbortSignal,
    readonly io: CommandIo,
  ) {
    this.json = options.json === true;
    this.paint = createPaint(shouldUseColour(io.stdout, io.env));
    this.paintErr = createPaint(shouldUseColour(io.stderr, io.env));
    this.pins = new PinReader({
      pinStdin: options.pinStdin === true,
      env: io.env,
      interactive: this.interactive,
      readStdinLine: (index) => this.stdin().line(this.stdinLinesTaken + index),
      promptHidden: (message) => this.promptHidden(message),
    });
  }

  /** A person at a terminal can answer prompts. */
  get interactive(): boolean {
    return this.io.stdin.isTTY === true;
  }

  /** A message for the person (stderr): progress, hints; never machine output. */
  note(message: string): void {
    this.io.stderr.write(`${message}\n`);
  }

  /**
   * Options for one request to the key: Ctrl-C cancels it (CTAPHID_CANCEL), --timeout bounds it, and the first
   * UPNEEDED keep-alive of the request prints "Touch your security key" (once per wait, not once per keep-alive).
   */
  requestOptions(): CtapRequestOptions {
    let asked = false;
    this.waitingForTouch = false;
    const options: CtapRequestOptions = {
      signal: this.signal,
      onKeepalive: (status) => {
        this.waitingForTouch = status === CtapHidKeepaliveStatus.UPNEEDED;
        if (!this.waitingForTouch || asked) return;
        asked = true;
        this.note(this.paintErr.yellow('Touch your security key'));
      },
    };
    if (this.options.timeout !== undefined) options.timeoutMs = this.options.timeout;
    return options;
  }

  /** The chosen key's CTAPHID channel (see openChosenDevice). */
  async openDevice(): Promise<CtapDevice> {
    const device = await openChosenDevice(this.options.device, {
      signal: this.signal,
      ...(this.options.timeout === undefined ? {} : { timeoutMs: this.options.timeout }),
      ...(this.options.replyPort === undefined ? {} : { replyPort: this.options.replyPort }),
      notify: (message) => this.note(message),
    });
    this.opened.push(device);
    return device;
  }

  /** A CTAP2 session, or a CTAP1 one for a U2F-only key. */
  async openSession(): Promise<Ctap2Session | Ctap1Session> {
    return openSession(await this.openDevice(), this.requestOptions());
  }

  /** A CTAP2 session; a U2F-only key has no PIN and no discoverable credentials. */
  async openCtap2Session(): Promise<Ctap2Session> {
    const session = await this.openSession();
    if (session.kind !== 'ctap2') {
      throw new CliError('NEEDS_CTAP2', 'This key speaks only U2F (CTAP1): it has no PIN, no discoverable credentials and no reset over CTAP2');
    }
    return session;
  }

  /**
   * A secret other than a PIN (a password, a TOTP code): the next line of standard input with its --…-stdin option
   * (several such options take one line each, in the order the command asks), else the environment variable, else a
   * prompt on a terminal (without echo when `hidden`), else a usage error naming the ways to give it.
   */
  async readSecret(secret: { label: string; stdin: boolean; option: string; envName: string; hidden: boolean }): Promise<string> {
    if (secret.stdin) {
      const number = (this.stdinLinesTaken += 1);
      const line = await this.stdin().line(number - 1);
      if (line === undefined || line === '') throw new CliError('USAGE', `${secret.option}: no ${secret.label} on line ${number} of standard input`);
      return line;
    }
    const fromEnv = this.io.env[secret.envName];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (!this.interactive) {
      throw new CliError('USAGE', `This needs the ${secret.label}: run it on a terminal to be asked, or give it with ${secret.option} or ${secret.envName}`);
    }
    const answer = secret.hidden ? await this.promptHidden(capitalized(secret.label)) : await this.promptText(capitalized(secret.label));
    if (answer === '') throw new CliError('USAGE', `An empty ${secret.label}: nothing was sent`);
    return answer;
  }

  /** A question answered on the terminal, echoed (a user name, a TOTP code). */
  async promptText(message: string): Promise<string> {
    const { input } = await import('@inquirer/prompts');
    return (await input({ message }, { input: this.io.stdin, output: this.io.stderr, signal: this.signal, clearPromptOnDone: false })).trim();
  }

  /** Closes what the command opened; never throws. */
  async close(): Promise<void> {
    this.stdinLines?.close();
    for (const device of this.opened.splice(0)) {
      await device.close().catch(() => undefined);
    }
  }

  private stdin(): StdinLines {
    this.stdinLines ??= new StdinLines(this.io.stdin);
    return this.stdinLines;
  }

  private async promptHidden(message: string): Promise<string> {
    // Loaded here: the prompt library costs start-up time that commands without a prompt should not pay.
    const { password } = await import('@inquirer/prompts');
    return password({ message }, { input: this.io.stdin, output: this.io.stderr, signal: this.signal, clearPromptOnDone: false });
  }
}

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
