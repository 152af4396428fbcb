import { WebAuthnClient, type PublicKeyCredentialCreationOptionsJSON } from '@keybridge/client';
import { CliError } from '../../program/CliError.js';
import type { CommandContext } from '../../program/CommandContext.js';
import type { CommandResult } from '../../program/runCommand.js';
import { keyCeremony } from '../../registry/keyCeremony.js';
import { RegistryAccount } from '../../registry/RegistryAccount.js';
import { recoveryCodeLines } from './recoveryCodesCommand.js';
import type { RegistryOptions } from '../../registry/RegistryOptions.js';

/** A security key as GET /api/v1/2fa lists it. */
interface AccountKey {
  id: number;
  name: string;
  model: string | null;
  aaguid: string;
  attestationFormat: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface KeyAddOptions extends RegistryOptions {
  name: string;
}

async function accountKeys(account: RegistryAccount): Promise<AccountKey[]> {
  return ((await account.call('GET', '/api/v1/2fa')) as { securityKeys: AccountKey[] }).securityKeys;
}

/**
 * `keybridge key add --name NAME`: registers the key with the account (the registry's options, a WebAuthn
 * registration on the key, the answer sent back). The first second factor brings the account's recovery codes,
 * printed this once.
 */
export function keyAddCommand(version: string) {
  return async (context: CommandContext, options: KeyAddOptions): Promise<CommandResult> => {
    const account = await RegistryAccount.open(context, options, version);
    const creation = (await account.withSudo(() => account.call('POST', '/api/v1/2fa/security-keys/options'))) as PublicKeyCredentialCreationOptionsJSON;
    const response = await new WebAuthnClient().create(creation, await keyCeremony(context, account.registry));
    const added = (await account.call('POST', '/api/v1/2fa/security-keys', { name: options.name, response })) as { key: AccountKey; recoveryCodes?: string[] };
    const lines = [`${context.paint.green('Added')} security key "${added.key.name}" to ${account.username} on ${account.registry}`];
    if (added.recoveryCodes) {
      lines.push('', ...recoveryCodeLines(added.recoveryCodes));
    }
    return { json: added, text: lines.join('\n') };
  };
}

/** `keybridge key list`: the account's security keys. */
export function keyListCommand(version: string) {
  return async (context: CommandContext, options: RegistryOptions): Promise<CommandResult> => {
    const account = await RegistryAccount.open(context, options, version);
    const keys = await accountKeys(account);
    const lines = keys.map(
      (key) =>
        `${context.paint.bold(key.name)}  ${key.model ?? `AAGUID ${key.aaguid}`}  added ${key.createdAt.slice(0, 10)}, ` +
        (key.lastUsedAt === null ? 'never used' : `last used ${key.lastUsedAt.slice(0, 10)}`),
    );
    lines.push(keys.length === 0 ? `No security keys on ${account.username}` : `${keys.length} security key${keys.length === 1 ? '' : 's'}`);
    return { json: { securityKeys: keys }, text: lines.join('\n') };
  };
}

/** `keybridge key remove NAME`. */
export function keyRemoveCommand(version: string) {
  return async (context: CommandContext, options: RegistryOptions, args: readonly string[]): Promise<CommandResult> => {
    const name = args[0]!;
    const account = await RegistryAccount.open(context, options, version);
    const key = (await accountKeys(account)).find((candidate) => candidate.name === name);
    if (!key) throw new CliError('NOT_FOUND', `${account.username} has no security key named "${name}" (see keybridge key list)`);
    const removed = (await account.withSudo(() => account.call('DELETE', `/api/v1/2fa/security-keys/${key.id}`))) as { secondFactorEnabled: boolean; notice?: string };
    const lines = [`Removed security key "${name}"`];
    if (removed.notice) lines.push(removed.notice);
    return { json: { removed: key, ...removed }, text: lines.join('\n') };
  };
}
