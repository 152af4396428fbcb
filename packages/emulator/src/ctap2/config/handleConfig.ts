import { ConfigSubCommand, CtapError, CtapStatus, decodeConfigRequest } from '@keybridge/ctap';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { authorizeConfig } from './authorizeConfig.js';
import { setMinPinLength } from './setMinPinLength.js';

/**
 * authenticatorConfig (0x0D), CTAP 2.1 §6.11: the token check first (when one is required, see
 * authorizeConfig), then the sub-command. Success answers with no data.
 */
export const handleConfig: Ctap2Handler = async (core, parameters) => {
  const request = decodeConfigRequest(parameters);
  authorizeConfig(core, request);
  switch (request.subCommand) {
    case ConfigSubCommand.enableEnterpriseAttestation:
      // The subcommand exists only on authenticators with enterprise attestation (getInfo "ep"); the
      // emulator has none. INVALID_PARAMETER as OpenSK and webauthn4j-ctap answer, and as makeCredential
      // answers an enterpriseAttestation request on such an authenticator.
      throw new CtapError(CtapStatus.INVALID_PARAMETER, 'enterprise attestation is not supported');
    case ConfigSubCommand.toggleAlwaysUv:
      core.state.alwaysUv = !core.state.alwaysUv;
      await core.persist();
      return undefined;
    case ConfigSubCommand.setMinPINLength:
      await setMinPinLength(core, request);
      return undefined;
    default:
      // vendorPrototype (0xFF) included: the emulator has no vendor commands.
      throw new CtapError(CtapStatus.INVALID_SUBCOMMAND, `unsupported authenticatorConfig sub-command 0x${request.subCommand.toString(16)}`);
  }
};
