import { ClientPinSubcommand, CtapError, CtapStatus, decodeClientPinRequest, encodeClientPinResponse } from '@keybridge/ctap';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { changePin } from './changePin.js';
import { getKeyAgreement } from './getKeyAgreement.js';
import { getPinRetries } from './getPinRetries.js';
import { getPinToken } from './getPinToken.js';
import { getPinUvAuthTokenUsingPinWithPermissions } from './getPinUvAuthTokenUsingPinWithPermissions.js';
import { getPinUvAuthTokenUsingUvWithPermissions } from './getPinUvAuthTokenUsingUvWithPermissions.js';
import { getUvRetries } from './getUvRetries.js';
import { setPin } from './setPin.js';

/**
 * authenticatorClientPIN (CTAP 2.1 §6.5.5). The UV sub-commands (getPinUvAuthTokenUsingUvWithPermissions,
 * getUVRetries) answer only when the emulator has built-in UV (--uv); without it, like any unknown sub-command,
 * INVALID_SUBCOMMAND.
 */
export const handleClientPin: Ctap2Handler = async (core, parameters) => {
  const request = decodeClientPinRequest(parameters ?? new Map());
  switch (request.subCommand) {
    case ClientPinSubcommand.getPINRetries:
      return encodeClientPinResponse(getPinRetries(core));
    case ClientPinSubcommand.getKeyAgreement:
      return encodeClientPinResponse(getKeyAgreement(core, request));
    case ClientPinSubcommand.setPIN:
      await setPin(core, request);
      return undefined;
    case ClientPinSubcommand.changePIN:
      await changePin(core, request);
      return undefined;
    case ClientPinSubcommand.getPinToken:
      return encodeClientPinResponse(await getPinToken(core, request));
    case ClientPinSubcommand.getPinUvAuthTokenUsingPinWithPermissions:
      return encodeClientPinResponse(await getPinUvAuthTokenUsingPinWithPermissions(core, request));
    case ClientPinSubcommand.getPinUvAuthTokenUsingUvWithPermissions:
      return encodeClientPinResponse(await getPinUvAuthTokenUsingUvWithPermissions(core, request));
    case ClientPinSubcommand.getUVRetries:
      return encodeClientPinResponse(getUvRetries(core));
    default:
      throw new CtapError(CtapStatus.INVALID_SUBCOMMAND, `clientPIN sub-command 0x${request.subCommand.toString(16)}`);
  }
};
