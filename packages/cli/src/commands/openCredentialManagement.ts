import type { Ctap2CredentialManagement, Ctap2Session } from '@keybridge/client';
import { CtapError, CtapStatus, PinUvAuthTokenPermissions } from '@keybridge/ctap';
import type { CommandContext } from '../program/CommandContext.js';
import { CliError } from '../program/CliError.js';
import { explainPinFailure } from './explainPinFailure.js';

/** Credential management on the chosen key, under a token with the cm permission: by built-in UV, else by the PIN (asked here). */
export async function openCredentialManagement(context: CommandContext): Promise<{ session: Ctap2Session; management: Ctap2CredentialManagement }> {
  const session = await context.openCtap2Session();
  const { options } = session.info;
  if (options?.credMgmt !== true && options?.credentialMgmtPreview !== true) {
    throw new CliError('NOT_SUPPORTED', 'This key does not support credential management (CTAP 2.1 credMgmt)');
  }
  // Credential management needs a pinUvAuthToken: by the key's built-in UV when it has it (browsers prefer it too),
  // else, or when UV gives up, by the PIN.
  if (session.clientPin.hasBuiltInUv) {
    const { token, failure } = await session.clientPin.tryBuiltInUv({ permissions: PinUvAuthTokenPermissions.cm }, context.requestOptions());
    if (token) return { session, management: session.credentialManagement(token) };
    if (options.clientPin !== true) throw failure;
  }
  if (options.clientPin !== true) throw new CtapError(CtapStatus.PIN_NOT_SET);
  const pin = await context.pins.currentPin();
  const token = await explainPinFailure(
    session,
    () => context.requestOptions(),
    () => session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.cm }, context.requestOptions()),
    'credentialManagement',
  );
  return { session, management: session.credentialManagement(token) };
}
