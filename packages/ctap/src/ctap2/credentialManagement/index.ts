export {
  CredentialManagementParamKey,
  CredentialManagementRequestKey,
  CredentialManagementResponseKey,
  CredentialManagementSubCommand,
} from './credentialManagementKeys.js';
export type {
  CredentialManagementCredentialDescriptor,
  CredentialManagementRequest,
  CredentialManagementSubCommandParams,
  CredentialManagementUserEntity,
  DecodedCredentialManagementRequest,
} from './CredentialManagementRequest.js';
export type { CredentialManagementResponse, CredentialManagementRpEntity } from './CredentialManagementResponse.js';
export { credentialManagementAuthMessage } from './credentialManagementAuthMessage.js';
export { decodeCredentialManagementRequest } from './decodeCredentialManagementRequest.js';
export { decodeCredentialManagementResponse } from './decodeCredentialManagementResponse.js';
export { encodeCredentialManagementRequest } from './encodeCredentialManagementRequest.js';
export { encodeCredentialManagementResponse } from './encodeCredentialManagementResponse.js';
export { encodeCredentialManagementSubCommandParams } from './encodeCredentialManagementSubCommandParams.js';
