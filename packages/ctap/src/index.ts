export * from './status/ctapStatus.js';
export { CtapError } from './status/CtapError.js';
export * from './cbor/index.js';
export * from './hid/index.js';
export * from './ctap2/index.js';
