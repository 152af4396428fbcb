import type { Ctap2CredentialManagement, Ctap2Session } from '@keybridge/client';
import { CtapError, CtapStatus, PinUvAuthTokenPermissions } from '@keybridge/ctap';
import type { CommandContext } from '../program/CommandContext.js';
import { CliError } from '../program/CliError.js';
import { explainPinFailure } from './explainPinFailure.js';

/** Credential management on the chosen key, under a PIN token with the cm permission (the PIN is asked here). */
export async function openCredentialManagement(context: CommandContext): Promise<{ session: Ctap2Session; management: Ctap2CredentialManagement }> {
  const session = await context.openCtap2Session();
  const { options } = session.info;
  if (options?.credMgmt !== true && options?.credentialMgmtPreview !== true) {
    throw new CliError('NOT_SUPPORTED', 'This key does not support credential management (CTAP 2.1 credMgmt)');
  }
  // Credential management needs a pinUvAuthToken, and this CLI gets one with the PIN.
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
