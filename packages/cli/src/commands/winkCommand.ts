import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import type { CommandResult } from '../program/runCommand.js';

/** `keybridge wink`: the key blinks (CTAPHID_WINK), to tell which one it is. */
export async function winkCommand(context: CommandContext, _options: CommonOptions): Promise<CommandResult> {
  const device = await context.openDevice();
  await device.wink(context.requestOptions());
  return { json: { winked: true, device: device.description }, text: `${device.description} winked` };
}
