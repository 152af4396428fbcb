import type { CtapDevice, PinPrompt, WebAuthnCeremonyOptions } from '@keybridge/client';
import { CtapError, CtapStatus } from '@keybridge/ctap';
import { ExplainedError } from '../errors/ExplainedError.js';
import type { CommandContext } from '../program/CommandContext.js';

const openedDevices = new WeakMap<CommandContext, Promise<CtapDevice>>();

/**
 * How a WebAuthn ceremony with the registry runs from the terminal: the origin is the registry's public URL (the
 * RP ID its options name must belong to it), the key is the chosen device, "Touch your security key" shows while it
 * waits, Ctrl-C cancels on the key. A PIN is asked only if the key wants one: from --pin-stdin or KEYBRIDGE_PIN it
 * is tried once (a wrong one ends the command with the retries left), at a prompt it is asked again after a wrong one.
 */
export async function keyCeremony(context: CommandContext, registry: string): Promise<WebAuthnCeremonyOptions> {
  // One channel per command, though sudo and the command itself may each want the key.
  const device = await (openedDevices.get(context) ?? openedDevices.set(context, context.openDevice()).get(context)!);
  const { signal, onKeepalive } = context.requestOptions();
  const scripted = context.options.pinStdin === true || (context.io.env.KEYBRIDGE_PIN ?? '') !== '';
  return {
    origin: new URL(registry).origin,
    device,
    ...(signal ? { signal } : {}),
    ...(onKeepalive ? { onKeepalive } : {}),
    getPin: async (prompt: PinPrompt) => {
      if (prompt.wrongPin) {
        if (scripted) throw new ExplainedError(new CtapError(CtapStatus.PIN_INVALID), { pinRetries: prompt.retries });
        context.note(context.paintErr.yellow(`Wrong PIN: ${prompt.retries} attempt${prompt.retries === 1 ? '' : 's'} left`));
      }
      return context.pins.currentPin();
    },
  };
}
