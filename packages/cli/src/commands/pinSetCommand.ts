import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import { CliError } from '../program/CliError.js';
import type { CommandResult } from '../program/runCommand.js';
import { explainPinFailure } from './explainPinFailure.js';

/** `keybridge pin set`: the first PIN of a key (stdin line 1, KEYBRIDGE_NEW_PIN or KEYBRIDGE_PIN, or asked twice). */
export async function pinSetCommand(context: CommandContext, _options: CommonOptions): Promise<CommandResult> {
  const session = await context.openCtap2Session();
  const clientPin = session.info.options?.clientPin;
  if (clientPin === undefined) throw new CliError('NOT_SUPPORTED', 'This key does not support a PIN');
  if (clientPin) throw new CliError('PIN_ALREADY_SET', 'A PIN is already set: change it with "keybridge pin change"');
  const newPin = await context.pins.newPin({ stdinLine: 0, envNames: ['KEYBRIDGE_NEW_PIN', 'KEYBRIDGE_PIN'] });
  await explainPinFailure(session, () => context.requestOptions(), () => session.clientPin.setPin(newPin, context.requestOptions()), 'setPin');
  return { json: { pinSet: true, device: session.device.description }, text: context.paint.green('PIN set') };
}
