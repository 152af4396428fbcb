import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import { CliError } from '../program/CliError.js';
import type { CommandResult } from '../program/runCommand.js';
import { explainPinFailure } from './explainPinFailure.js';

/**
 * `keybridge pin change`: the current PIN (stdin line 1, KEYBRIDGE_PIN or asked) and the new one (stdin line 2,
 * KEYBRIDGE_NEW_PIN or asked twice). A wrong current PIN costs a retry, as on any PIN check.
 */
export async function pinChangeCommand(context: CommandContext, _options: CommonOptions): Promise<CommandResult> {
  const session = await context.openCtap2Session();
  const clientPin = session.info.options?.clientPin;
  if (clientPin === undefined) throw new CliError('NOT_SUPPORTED', 'This key does not support a PIN');
  if (!clientPin) throw new CtapError(CtapStatus.PIN_NOT_SET);
  const currentPin = await context.pins.currentPin();
  const newPin = await context.pins.newPin({ stdinLine: 1, envNames: ['KEYBRIDGE_NEW_PIN'] });
  await explainPinFailure(
    session,
    () => context.requestOptions(),
    () => session.clientPin.changePin(currentPin, newPin, context.requestOptions()),
    'changePin',
  );
  return { json: { pinChanged: true, device: session.device.description }, text: context.paint.green('PIN changed') };
}
