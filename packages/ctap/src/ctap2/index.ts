export * from './ctap2Command.js';
export * from './ctap2Message.js';
export * from './makeCredential/index.js';
export * from './getAssertion/index.js';
export * from './getInfo/index.js';
export * from './clientPin/index.js';
export * from './credentialManagement/index.js';
export * from './config/index.js';
