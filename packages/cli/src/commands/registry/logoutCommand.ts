import type { CommandContext } from '../../program/CommandContext.js';
import type { CommandResult } from '../../program/runCommand.js';
import { RegistryAccount } from '../../registry/RegistryAccount.js';
import { RegistryError } from '../../registry/RegistryError.js';
import type { RegistryOptions } from '../../registry/RegistryOptions.js';

/** `keybridge logout`: ends the session on the registry and forgets it here; not being logged in is not a failure. */
export function logoutCommand(version: string) {
  return async (context: CommandContext, options: RegistryOptions): Promise<CommandResult> => {
    let account: RegistryAccount;
    try {
      account = await RegistryAccount.open(context, options, version);
    } catch (error) {
      if (!(error instanceof RegistryError) || (error.code !== 'NOT_LOGGED_IN' && error.code !== 'SESSION_EXPIRED')) throw error;
      return { json: { loggedOut: false }, text: 'Not logged in' };
    }
    await account.logOut();
    return { json: { loggedOut: true, registry: account.registry }, text: `Logged out of ${account.registry}` };
  };
}
