import type { PinRetries } from '@keybridge/client';
import type { CommandContext, CommonOptions } from '../program/CommandContext.js';
import type { CommandResult } from '../program/runCommand.js';
import { describeAuthenticatorInfo, type AuthenticatorFacts } from './describeAuthenticatorInfo.js';

/** `keybridge info`: getInfo in words, with the PIN retries when the key has a PIN. */
export async function infoCommand(context: CommandContext, _options: CommonOptions): Promise<CommandResult> {
  const session = await context.openSession();
  const { device } = session;
  const facts: AuthenticatorFacts = { device: { description: device.description, deviceVersion: device.deviceVersion, capabilities: device.capabilities } };
  if (session.kind === 'ctap1') {
    facts.u2fVersion = await session.getVersion(context.requestOptions());
  } else {
    facts.info = session.info;
    if (session.info.options?.clientPin !== undefined) {
      // Keys that support a PIN answer getPINRetries even before one is set; a key that does not is still described.
      const retries: PinRetries | undefined = await session.clientPin.getPinRetries(context.requestOptions()).catch((error: unknown) => {
        if (context.signal.aborted) throw error;
        return undefined;
      });
      if (retries) facts.pinRetries = retries;
    }
  }
  return describeAuthenticatorInfo(facts, context.paint);
}
