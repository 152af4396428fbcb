// Kept here for callers that found it with the makeCredential codecs; it lives with the other CBOR readers.
export { asUnsignedInteger } from '../../cbor/cborReaders.js';
export { decodeExtensions } from './decodeExtensions.js';
export { decodeMakeCredentialRequest } from './decodeMakeCredentialRequest.js';
export { decodeMakeCredentialResponse } from './decodeMakeCredentialResponse.js';
export { decodeOptions } from './decodeOptions.js';
export { decodePublicKeyCredentialDescriptor } from './decodePublicKeyCredentialDescriptor.js';
export { decodePublicKeyCredentialParameters } from './decodePublicKeyCredentialParameters.js';
export { decodeRpEntity } from './decodeRpEntity.js';
export { decodeUserEntity } from './decodeUserEntity.js';
export { encodeMakeCredentialRequest } from './encodeMakeCredentialRequest.js';
export { encodeMakeCredentialResponse } from './encodeMakeCredentialResponse.js';
export { encodeOptions } from './encodeOptions.js';
export { encodePublicKeyCredentialDescriptor } from './encodePublicKeyCredentialDescriptor.js';
export { encodePublicKeyCredentialParameters } from './encodePublicKeyCredentialParameters.js';
export { encodeRpEntity } from './encodeRpEntity.js';
export { encodeUserEntity } from './encodeUserEntity.js';
export { CredentialProtectionPolicy, ExtensionIdentifier } from './ExtensionIdentifier.js';
export { MakeCredentialParameter, type MakeCredentialOptions, type MakeCredentialRequest } from './MakeCredentialRequest.js';
export { MakeCredentialResponseMember, type MakeCredentialResponse } from './MakeCredentialResponse.js';
export {
  PUBLIC_KEY_CREDENTIAL_TYPE,
  type PublicKeyCredentialDescriptor,
  type PublicKeyCredentialParameters,
  type PublicKeyCredentialRpEntity,
  type PublicKeyCredentialUserEntity,
} from './PublicKeyCredentialEntities.js';
