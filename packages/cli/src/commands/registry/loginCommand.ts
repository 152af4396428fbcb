import type { CommandContext } from '../../program/CommandContext.js';
import type { CommandResult } from '../../program/runCommand.js';
import { RegistryAccount } from '../../registry/RegistryAccount.js';
import type { RegistryOptions } from '../../registry/RegistryOptions.js';
import { describeExpiry } from './describeExpiry.js';

/**
 * `keybridge login`: the password, then the account's second factor (the key, or a TOTP code), and the session kept
 * in the config directory until the registry ends it.
 */
export function loginCommand(version: string) {
  return async (context: CommandContext, options: RegistryOptions): Promise<CommandResult> => {
    const { session } = await RegistryAccount.logIn(context, options, version);
    const expiresAt = new Date(session.expiresAt).toISOString();
    return {
      json: { registry: session.registry, username: session.username, expiresAt },
      text: `${context.paint.green('Logged in')} to ${session.registry} as ${session.username}; the session lasts until ${describeExpiry(session.expiresAt)}`,
    };
  };
}
