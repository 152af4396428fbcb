export { GetInfoResponseKey, type AuthenticatorInfo, type AuthenticatorInfoOptions } from './AuthenticatorInfo.js';
export { decodeGetInfoResponse } from './decodeGetInfoResponse.js';
export { encodeGetInfoResponse } from './encodeGetInfoResponse.js';
