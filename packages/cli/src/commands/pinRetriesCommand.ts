import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import { CliError } from '../program/CliError.js';
import type { CommandResult } from '../program/runCommand.js';

/** `keybridge pin retries`: wrong PINs the key still accepts, and whether PIN entry waits for a power cycle. */
export async function pinRetriesCommand(context: CommandContext, _options: CommonOptions): Promise<CommandResult> {
  const session = await context.openCtap2Session();
  const clientPin = session.info.options?.clientPin;
  if (clientPin === undefined) throw new CliError('NOT_SUPPORTED', 'This key does not support a PIN');
  const retries = await session.clientPin.getPinRetries(context.requestOptions());
  const json: Record<string, unknown> = { pinSet: clientPin, pinRetries: retries.pinRetries };
  if (retries.powerCycleState !== undefined) json.powerCycleState = retries.powerCycleState;
  const lines = [
    retries.pinRetries === 0
      ? 'PIN blocked: the key must be reset'
      : `${retries.pinRetries} PIN attempt${retries.pinRetries === 1 ? '' : 's'} left${clientPin ? '' : ' (no PIN is set yet)'}`,
  ];
  if (retries.powerCycleState) lines.push('PIN entry blocked until the key is unplugged and plugged back in');
  return { json, text: lines.join('\n') };
}
