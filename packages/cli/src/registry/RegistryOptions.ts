import type { CommonOptions } from '../program/CommandContext.js';

/** The options of the commands that talk to a registry (besides the key's, for touches and PINs). */
export interface RegistryOptions extends CommonOptions {
  /** --registry or KEYBRIDGE_REGISTRY: the registry's public URL. */
  registry?: string;
  /** --user: the account name (login). */
  user?: string;
  passwordStdin?: boolean;
  totpStdin?: boolean;
  /** --recovery-code: a recovery code as the second factor (asked for on a terminal); --recovery-code-stdin reads it. */
  recoveryCode?: boolean;
  recoveryCodeStdin?: boolean;
}
