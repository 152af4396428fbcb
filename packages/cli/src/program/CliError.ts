import { ExitCode, type ExitCodeValue } from './ExitCode.js';

/** What the command line itself reports (as opposed to the key): a bad option, no device, a PIN that cannot be asked for. */
export type CliErrorCode = 'USAGE' | 'NO_DEVICE' | 'NO_ANSWER' | 'NEEDS_CTAP2' | 'NOT_SUPPORTED' | 'PIN_MISMATCH' | 'PIN_ALREADY_SET' | 'NOT_FOUND' | 'PYPIRC_INVALID' | 'CANCELLED';

/** A failure the CLI reports as its one-line message, with the exit status it implies. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode: ExitCodeValue = code === 'USAGE' ? ExitCode.USAGE : code === 'CANCELLED' ? ExitCode.CANCELLED : ExitCode.ERROR,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
