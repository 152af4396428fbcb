import { CtapClientError } from '@keybridge/client';
import { CtapError } from '@keybridge/ctap';
import { CliError } from '../program/CliError.js';
import { ExitCode, type ExitCodeValue } from '../program/ExitCode.js';

/** The exit status a failure implies: 130 for a cancellation, 2 for a usage error, else 1. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CtapClientError && error.code === 'CANCELLED') return ExitCode.CANCELLED;
  if (error instanceof CtapError && error.code === 'KEEPALIVE_CANCEL') return ExitCode.CANCELLED;
  // @inquirer/prompts: Ctrl-C at a prompt (ExitPromptError) or the signal we gave it (AbortPromptError).
  if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) return ExitCode.CANCELLED;
  return ExitCode.ERROR;
}
