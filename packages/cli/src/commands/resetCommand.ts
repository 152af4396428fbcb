import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import { CliError } from '../program/CliError.js';
import { ExitCode } from '../program/ExitCode.js';
import type { CommandResult } from '../program/runCommand.js';
import { ExplainedError } from '../errors/ExplainedError.js';

export interface ResetOptions extends CommonOptions {
  yes?: boolean;
}

/**
 * `keybridge reset`: deletes every credential and the PIN. Keys take it only within 10 seconds of being plugged
 * in, and only with a touch; so the explanation comes first, then the confirmation (a prompt on a terminal,
 * --yes in scripts), then the touch.
 */
export async function resetCommand(context: CommandContext, options: ResetOptions): Promise<CommandResult> {
  if (options.yes !== true && !context.interactive) {
    throw new CliError('USAGE', 'keybridge reset deletes everything on the key: add --yes to confirm it when not on a terminal');
  }
  const session = await context.openCtap2Session();
  const { description } = session.device;
  context.note(
    `Reset deletes every credential and the PIN on ${description}. A key accepts it only within 10 seconds of being plugged in, ` +
      'and only when touched: if it is refused, unplug the key, plug it back in and run this again at once.',
  );
  if (options.yes !== true) {
    const { confirm } = await import('@inquirer/prompts');
    const confirmed = await confirm(
      { message: `Delete every credential and the PIN on ${description}?`, default: false },
      { input: context.io.stdin, output: context.io.stderr, signal: context.signal },
    );
    if (!confirmed) throw new CliError('CANCELLED', 'Nothing was reset', ExitCode.ERROR);
  }
  try {
    await session.reset(context.requestOptions());
  } catch (error) {
    throw new ExplainedError(error, { operation: 'reset' });
  }
  return { json: { reset: true, device: description }, text: context.paint.green('The key is reset: no credentials, no PIN') };
}
