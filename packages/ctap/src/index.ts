export * from './status/ctapStatus.js';
export { CtapError } from './status/CtapError.js';
export * from './cbor/index.js';
