import { ClientPinSubcommand, Ctap2Command, decodeClientPinResponse, encodeClientPinRequest, type CoseKey, type PinUvAuthProtocol } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapRequestOptions } from '../hid/CtapDevice.js';
import type { Ctap2Connection } from './Ctap2Connection.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';

/**
 * clientPIN getKeyAgreement: the device's current key agreement key. Asked afresh before every use, because a
 * device renews it after a wrong PIN and at power-up. Does not take the session lock (callers hold it).
 */
export async function requestKeyAgreement(connection: Ctap2Connection, protocol: PinUvAuthProtocol, options?: CtapRequestOptions): Promise<CoseKey> {
  const body = await connection.call(
    Ctap2Command.clientPIN,
    encodeClientPinRequest({ pinUvAuthProtocol: protocol.version, subCommand: ClientPinSubcommand.getKeyAgreement }),
    options,
    'clientPIN getKeyAgreement',
  );
  const { keyAgreement } = readDeviceAnswer('clientPIN getKeyAgreement response', () => decodeClientPinResponse(body));
  if (!keyAgreement) throw new CtapClientError('PROTOCOL_ERROR', 'clientPIN getKeyAgreement response without keyAgreement');
  return keyAgreement;
}
