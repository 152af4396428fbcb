import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import type { CommandResult } from '../program/runCommand.js';
import { credProtectName } from '../format/credProtectName.js';
import { openCredentialManagement } from './openCredentialManagement.js';

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** `keybridge credentials list`: the discoverable credentials, grouped by relying party. */
export async function credentialsListCommand(context: CommandContext, _options: CommonOptions): Promise<CommandResult> {
  const { management } = await openCredentialManagement(context);
  const metadata = await management.getCredsMetadata(context.requestOptions());
  const rps = [];
  for (const { rp, rpIdHash } of await management.enumerateRps(context.requestOptions())) {
    const credentials = await management.enumerateCredentials(rpIdHash, context.requestOptions());
    rps.push({
      rpId: rp.id,
      ...(rp.name === undefined ? {} : { rpName: rp.name }),
      credentials: credentials.map((credential) => ({
        credentialId: base64url(credential.credentialId.id),
        userId: base64url(credential.user.id),
        ...(credential.user.name === undefined ? {} : { userName: credential.user.name }),
        ...(credential.user.displayName === undefined ? {} : { userDisplayName: credential.user.displayName }),
        ...(credential.credProtect === undefined
          ? {}
          : { credProtect: credential.credProtect, credProtectPolicy: credProtectName(credential.credProtect) }),
      })),
    });
  }
  const json = {
    existingCount: metadata.existingResidentCredentialsCount,
    remainingCount: metadata.maxPossibleRemainingResidentCredentialsCount,
    rps,
  };

  const { paint } = context;
  const lines: string[] = [];
  for (const rp of rps) {
    lines.push(paint.bold(rp.rpId) + (rp.rpName !== undefined && rp.rpName !== rp.rpId ? ` (${rp.rpName})` : ''));
    for (const credential of rp.credentials) {
      const user = credential.userName ?? paint.dim('(no user name)');
      const display = credential.userDisplayName !== undefined && credential.userDisplayName !== credential.userName ? ` (${credential.userDisplayName})` : '';
      const protect = credential.credProtect === undefined ? '' : `  credProtect ${credential.credProtectPolicy}`;
      lines.push(`  ${user}${display}  id ${credential.credentialId}${protect}`);
    }
  }
  const count = json.existingCount;
  lines.push(
    `${count === 0 ? 'No' : count} discoverable credential${count === 1 ? '' : 's'}, room for ${json.remainingCount} more`,
  );
  return { json, text: lines.join('\n') };
}
