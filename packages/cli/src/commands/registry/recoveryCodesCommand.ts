import type { CommandContext } from '../../program/CommandContext.js';
import type { CommandResult } from '../../program/runCommand.js';
import { RegistryAccount } from '../../registry/RegistryAccount.js';
import type { RegistryOptions } from '../../registry/RegistryOptions.js';

/** The lines that show recovery codes, the one time the registry gives them. */
export function recoveryCodeLines(codes: readonly string[]): string[] {
  return ['Recovery codes (shown this once; each signs in once in place of the key, keep them somewhere safe):', ...codes.map((code) => `  ${code}`)];
}

/** `keybridge recovery-codes generate`: eight new recovery codes (a sudo action), printed once; the old ones stop working. */
export function recoveryCodesGenerateCommand(version: string) {
  return async (context: CommandContext, options: RegistryOptions): Promise<CommandResult> => {
    const account = await RegistryAccount.open(context, options, version);
    const { recoveryCodes } = (await account.withSudo(() => account.call('POST', '/api/v1/2fa/recovery-codes'))) as { recoveryCodes: string[] };
    const lines = [`New recovery codes for ${account.username} on ${account.registry}: the old ones no longer work`, '', ...recoveryCodeLines(recoveryCodes)];
    return { json: { recoveryCodes }, text: lines.join('\n') };
  };
}
