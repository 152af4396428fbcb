export { ConfigRequestKey, ConfigSubCommand, SetMinPinLengthParamKey } from './configKeys.js';
export type { ConfigRequest, SetMinPinLengthParams } from './ConfigRequest.js';
export { configAuthMessage } from './configAuthMessage.js';
export { decodeConfigRequest } from './decodeConfigRequest.js';
export { decodeSetMinPinLengthParams } from './decodeSetMinPinLengthParams.js';
export { encodeConfigRequest } from './encodeConfigRequest.js';
export { encodeSetMinPinLengthParams } from './encodeSetMinPinLengthParams.js';
