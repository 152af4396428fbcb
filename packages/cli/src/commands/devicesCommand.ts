import { CtapClientError, listHidSecurityKeys, type HidSecurityKeyInfo } from '@keybridge/client';
import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import type { CommandResult } from '../program/runCommand.js';

const hex4 = (value: number) => value.toString(16).padStart(4, '0');

/**
 * `keybridge devices`: the FIDO keys on USB HID. Without a usable USB HID library this is one line on stderr and
 * an empty list (exit 0): the machine has no keys we can reach, which is an answer, not a failure.
 */
export async function devicesCommand(context: CommandContext, _options: CommonOptions): Promise<CommandResult> {
  let keys: HidSecurityKeyInfo[];
  try {
    keys = await listHidSecurityKeys();
  } catch (error) {
    if (!(error instanceof CtapClientError) || error.code !== 'HID_UNAVAILABLE') throw error;
    context.note(error.message);
    return { json: [], text: '' };
  }
  if (keys.length === 0) {
    context.note('No security keys found on USB (the emulator is reached with --device udp:127.0.0.1:8111)');
    return { json: [], text: '' };
  }
  const { paint } = context;
  const json = keys.map((key) => ({ device: `hid:${key.path}`, ...key }));
  const text = keys
    .map((key) => {
      const name = [key.manufacturer, key.product].filter((part) => part !== undefined && part !== '').join(' ') || 'unnamed key';
      const serial = key.serialNumber ? `  serial ${key.serialNumber}` : '';
      return `${paint.bold(`hid:${key.path}`)}  ${hex4(key.vendorId)}:${hex4(key.productId)}  ${name}${serial}`;
    })
    .join('\n');
  return { json, text };
}
