import type { AuthenticatorInfo } from '@keybridge/ctap';

/**
 * Room kept below maxMsgSize for what is added to a request after its size was estimated: the pinUvAuthParam
 * and protocol, and extension inputs (hmac-secret's key agreement and salts are the largest, about 200 bytes).
 */
export const REQUEST_SIZE_MARGIN = 256;

/**
 * Whether a request with a credential list of `listLength` can go to the key as it is: no more descriptors than
 * getInfo maxCredentialCountInList, and the encoded request (`encodedRequestSize`, list included) plus the
 * margin within maxMsgSize (solo says 1200 bytes, canokey 1300). Keys that state neither take any list.
 */
export function credentialListFits(info: AuthenticatorInfo, listLength: number, encodedRequestSize: number): boolean {
  if (listLength > (info.maxCredentialCountInList ?? listLength)) return false;
  return info.maxMsgSize === undefined || encodedRequestSize + REQUEST_SIZE_MARGIN <= info.maxMsgSize;
}
