import { CtapClientError } from '@keybridge/client';
import { CtapError, CtapHidError } from '@keybridge/ctap';
import { CliError } from '../program/CliError.js';
import { RegistryError } from '../registry/RegistryError.js';

/** A stable symbolic code for --json error output: "CTAP2_ERR_PIN_INVALID", "CTAPHID_ERR_MSG_TIMEOUT", "TIMEOUT", "NO_DEVICE"… */
export function errorCodeOf(error: unknown): string {
  if (error instanceof CtapError) return `CTAP2_ERR_${error.code}`;
  if (error instanceof CtapHidError) return `CTAPHID_ERR_${error.code}`;
  if (error instanceof CtapClientError || error instanceof CliError || error instanceof RegistryError) return error.code;
  if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) return 'CANCELLED';
  return 'UNEXPECTED';
}
