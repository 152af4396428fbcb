import { Ctap2Command, decodeGetInfoResponse, encodeCtap2Request, type AuthenticatorInfo } from '@keybridge/ctap';
import type { CtapDevice, CtapRequestOptions } from '../hid/CtapDevice.js';
import { decodeDeviceResponse } from './decodeDeviceResponse.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';

/** authenticatorGetInfo, typed. A device without CTAP2 answers INVALID_COMMAND (a CtapError). */
export async function fetchAuthenticatorInfo(device: CtapDevice, options?: CtapRequestOptions): Promise<AuthenticatorInfo> {
  const body = decodeDeviceResponse(await device.cbor(encodeCtap2Request(Ctap2Command.getInfo), options), 'getInfo');
  return readDeviceAnswer('getInfo response', () => decodeGetInfoResponse(body ?? new Map()));
}
