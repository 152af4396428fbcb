import {
  CredentialManagementSubCommand as SubCommand,
  CtapError,
  CtapStatus,
  decodeCredentialManagementRequest,
  encodeCredentialManagementResponse,
  type CredentialManagementResponse,
  type DecodedCredentialManagementRequest,
} from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { deleteCredential } from './deleteCredential.js';
import { enumerateCredentialsBegin } from './enumerateCredentialsBegin.js';
import { enumerateNext } from './enumerateNext.js';
import { enumerateRpsBegin } from './enumerateRpsBegin.js';
import { getCredsMetadata } from './getCredsMetadata.js';
import { updateUserInformation } from './updateUserInformation.js';

/**
 * authenticatorCredentialManagement (0x0A), CTAP 2.1 §6.8: lists, deletes and renames discoverable
 * credentials under a pinUvAuthToken with the cm permission. Each sub-command checks its parameters and the
 * token in the spec's order (see the sub-command files); an unknown sub-command is INVALID_SUBCOMMAND.
 */
export const handleCredentialManagement: Ctap2Handler = async (core, parameters) => {
  let request: DecodedCredentialManagementRequest;
  try {
    request = decodeCredentialManagementRequest(parameters);
  } catch (error) {
    // A malformed request is "another command" too: it ends an enumeration in progress.
    core.volatile.credentialEnumeration = undefined;
    throw error;
  }
  let response: CredentialManagementResponse | undefined;
  switch (request.subCommand) {
    case SubCommand.enumerateRPsGetNextRP:
      response = enumerateNext(core, 'rps');
      break;
    case SubCommand.enumerateCredentialsGetNextCredential:
      response = enumerateNext(core, 'credentials');
      break;
    default:
      // Any other sub-command ends an enumeration in progress, whether it succeeds or not.
      core.volatile.credentialEnumeration = undefined;
      response = await runSubCommand(core, request);
  }
  return response ? encodeCredentialManagementResponse(response) : undefined;
};

async function runSubCommand(
  core: AuthenticatorCore,
  request: DecodedCredentialManagementRequest,
): Promise<CredentialManagementResponse | undefined> {
  switch (request.subCommand) {
    case SubCommand.getCredsMetadata:
      return getCredsMetadata(core, request);
    case SubCommand.enumerateRPsBegin:
      return enumerateRpsBegin(core, request);
    case SubCommand.enumerateCredentialsBegin:
      return enumerateCredentialsBegin(core, request);
    case SubCommand.deleteCredential:
      await deleteCredential(core, request);
      return undefined;
    case SubCommand.updateUserInformation:
      await updateUserInformation(core, request);
      return undefined;
    default:
      throw new CtapError(CtapStatus.INVALID_SUBCOMMAND, `unknown credentialManagement sub-command 0x${request.subCommand.toString(16)}`);
  }
}
