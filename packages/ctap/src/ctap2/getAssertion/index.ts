export { decodeGetAssertionRequest } from './decodeGetAssertionRequest.js';
export { decodeGetAssertionResponse } from './decodeGetAssertionResponse.js';
export { decodeHmacSecretInput } from './decodeHmacSecretInput.js';
export { encodeGetAssertionRequest } from './encodeGetAssertionRequest.js';
export { encodeGetAssertionResponse } from './encodeGetAssertionResponse.js';
export { encodeHmacSecretInput } from './encodeHmacSecretInput.js';
export { GetAssertionParameter, type GetAssertionOptions, type GetAssertionRequest } from './GetAssertionRequest.js';
export { GetAssertionResponseMember, type GetAssertionResponse } from './GetAssertionResponse.js';
export { HmacSecretInputMember, type HmacSecretInput } from './HmacSecretInput.js';
