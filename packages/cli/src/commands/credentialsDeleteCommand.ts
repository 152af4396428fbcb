import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import { CliError } from '../program/CliError.js';
import type { CommandResult } from '../program/runCommand.js';
import { decodeCredentialId } from '../format/decodeCredentialId.js';
import { openCredentialManagement } from './openCredentialManagement.js';

/** `keybridge credentials delete <id>`: deletes one discoverable credential, by the id `credentials list` prints. */
export async function credentialsDeleteCommand(context: CommandContext, _options: CommonOptions, args: readonly string[]): Promise<CommandResult> {
  const text = args[0];
  if (text === undefined) throw new CliError('USAGE', 'credentials delete needs the credential id (see "keybridge credentials list")');
  // Checked before the key is opened and the PIN asked: a typo should cost nothing.
  const credentialId = decodeCredentialId(text);
  const { management } = await openCredentialManagement(context);
  await management.deleteCredential(credentialId, context.requestOptions());
  const id = Buffer.from(credentialId).toString('base64url');
  return { json: { deleted: id }, text: context.paint.green(`Deleted credential ${id}`) };
}
