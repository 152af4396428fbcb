import {
  ConfigSubCommand,
  configAuthMessage,
  Ctap2Command,
  encodeConfigRequest,
  encodeSetMinPinLengthParams,
  type CborMap,
  type SetMinPinLengthParams,
} from '@keybridge/ctap';
import type { CtapRequestOptions } from '../hid/CtapDevice.js';
import type { Ctap2Connection } from './Ctap2Connection.js';
import type { PinUvAuthToken } from './PinUvAuthToken.js';

/**
 * authenticatorConfig (CTAP 2.1 §6.11): `session.config(token)`. The token needs the acfg permission; a device
 * with no PIN set (and alwaysUv off) takes the commands without one, so `token` may be left out then (the
 * device answers PUAT_REQUIRED when it wants one). The session's getInfo is refreshed after each change.
 */
export class Ctap2Config {
  constructor(
    private readonly connection: Ctap2Connection,
    private readonly token: PinUvAuthToken | undefined,
  ) {}

  /** Turns alwaysUv on when it is off and off when it is on; read the result in `session.info.options.alwaysUv`. */
  toggleAlwaysUv(options?: CtapRequestOptions): Promise<void> {
    return this.run(ConfigSubCommand.toggleAlwaysUv, undefined, options, 'toggleAlwaysUv');
  }

  /** Raises the minimum PIN length, names the RPs allowed to read it (minPinLength extension), or forces a PIN change. */
  setMinPinLength(params: SetMinPinLengthParams, options?: CtapRequestOptions): Promise<void> {
    const encoded = encodeSetMinPinLengthParams(params);
    return this.run(ConfigSubCommand.setMinPINLength, encoded.size > 0 ? encoded : undefined, options, 'setMinPINLength');
  }

  private run(subCommand: number, params: CborMap | undefined, options: CtapRequestOptions | undefined, what: string): Promise<void> {
    return this.connection.exclusive(async () => {
      const request = encodeConfigRequest({
        subCommand,
        ...(params ? { subCommandParams: params } : {}),
        ...(this.token
          ? { pinUvAuthProtocol: this.token.protocolVersion, pinUvAuthParam: this.token.authenticate(configAuthMessage(subCommand, params)) }
          : {}),
      });
      await this.connection.call(Ctap2Command.config, request, options, `config ${what}`);
      await this.connection.refreshInfo(options);
    });
  }
}
