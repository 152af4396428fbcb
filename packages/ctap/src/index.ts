export * from './status/ctapStatus.js';
export { CtapError } from './status/CtapError.js';
export * from './cbor/index.js';
export * from './hid/index.js';
export * from './ctap2/index.js';
export * from './cose/index.js';
export * from './authenticatorData/index.js';
export * from './pin/index.js';
export * from './u2f/index.js';
