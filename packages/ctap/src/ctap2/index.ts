export * from './ctap2Command.js';
export * from './ctap2Message.js';
