import type { CborMap } from '../../cbor/CborValue.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { Ctap2Command } from '../ctap2Command.js';

const PREFIX_LENGTH = 32;

/**
 * What pinUvAuthParam authenticates for authenticatorConfig (CTAP 2.1 §6.11):
 * 32×0xff || 0x0d || uint8(subCommand) || CBOR(subCommandParams) when there are parameters.
 * The 0xff prefix keeps the message disjoint from a clientDataHash-based one.
 */
export function configAuthMessage(subCommand: number, subCommandParams?: CborMap): Uint8Array {
  const params = subCommandParams ? encodeCbor(subCommandParams) : new Uint8Array(0);
  const message = new Uint8Array(PREFIX_LENGTH + 2 + params.length);
  message.fill(0xff, 0, PREFIX_LENGTH);
  message[PREFIX_LENGTH] = Ctap2Command.config;
  message[PREFIX_LENGTH + 1] = subCommand;
  message.set(params, PREFIX_LENGTH + 2);
  return message;
}
