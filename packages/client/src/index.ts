export type { CtapDevice, CtapRequestOptions } from './hid/CtapDevice.js';
export { CtapHidChannel, type CtapHidChannelOptions } from './hid/CtapHidChannel.js';
export type { ReportTransport } from './transports/ReportTransport.js';
export { HidTransport, type HidTransportOpenOptions } from './transports/HidTransport.js';
export { listHidSecurityKeys, FIDO_USAGE_PAGE, FIDO_USAGE_CTAPHID, type HidSecurityKeyInfo, type ListHidSecurityKeysOptions } from './transports/listHidSecurityKeys.js';
export { loadNodeHid, type NodeHidImporter } from './transports/loadNodeHid.js';
export type { NodeHidApi, NodeHidDevice, NodeHidDeviceInfo } from './transports/NodeHidApi.js';
export { UdpTransport, type UdpTransportOptions } from './transports/UdpTransport.js';
export { MemoryTransport, type InProcessReportConnection } from './transports/MemoryTransport.js';
export { Ctap2Session, type Ctap2SessionOptions } from './ctap2/Ctap2Session.js';
export { Ctap2ClientPin, type PinRetries, type PinUvAuthTokenScope } from './ctap2/Ctap2ClientPin.js';
export {
  Ctap2CredentialManagement,
  type CredentialIdInput,
  type CredentialManagementCredential,
  type CredentialManagementRp,
  type CredentialsMetadata,
} from './ctap2/Ctap2CredentialManagement.js';
export { Ctap2Config } from './ctap2/Ctap2Config.js';
export { PinUvAuthToken } from './ctap2/PinUvAuthToken.js';
export { choosePinUvAuthProtocol } from './ctap2/choosePinUvAuthProtocol.js';
export type {
  MakeCredentialExtensionInputs,
  MakeCredentialExtensionOutputs,
  MakeCredentialInput,
  MakeCredentialResult,
} from './ctap2/MakeCredentialInput.js';
export type {
  GetAssertionExtensionInputs,
  GetAssertionExtensionOutputs,
  GetAssertionInput,
  GetAssertionResult,
  HmacSecretOutput,
  HmacSecretSalts,
} from './ctap2/GetAssertionInput.js';
export { Ctap1Session } from './ctap1/Ctap1Session.js';
export { U2fStatusError } from './ctap1/U2fStatusError.js';
export type { U2fAssertion, U2fAuthenticateControlOptions, U2fRegistration } from './ctap1/U2fResults.js';
export { verifyU2fRegistration } from './ctap1/verifyU2fRegistration.js';
export { verifyU2fAssertion } from './ctap1/verifyU2fAssertion.js';
export { openSession } from './openSession.js';
export { CtapClientError, type CtapClientErrorCode } from './CtapClientError.js';
export {
  WebAuthnClient,
  type WebAuthnCeremonyOptions,
  type WebAuthnClientOptions,
  type WebAuthnGetOptions,
} from './webauthn/WebAuthnClient.js';
export type { AccountChoice } from './webauthn/CeremonyContext.js';
export type { PinPrompt, PinSource } from './webauthn/obtainPinUvAuthToken.js';
export { resolveRpId, type ResolvedRpId } from './webauthn/resolveRpId.js';
export { publicSuffixOf } from './webauthn/publicSuffixOf.js';
export type {
  AttestationConveyancePreference,
  AttestationFormat,
  AuthenticationExtensionsClientInputs,
  AuthenticationExtensionsClientOutputs,
  AuthenticationExtensionsPRFInputs,
  AuthenticationExtensionsPRFResults,
  AuthenticationExtensionsPRFValues,
  AuthenticationResponseJSON,
  AuthenticatorAssertionResponseJSON,
  AuthenticatorAttachment,
  AuthenticatorAttestationResponseJSON,
  AuthenticatorSelectionCriteria,
  Base64UrlString,
  PrfInputValue,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialHint,
  PublicKeyCredentialParametersJSON,
  PublicKeyCredentialRequestOptionsJSON,
  PublicKeyCredentialRpEntityJSON,
  PublicKeyCredentialType,
  PublicKeyCredentialUserEntityJSON,
  RegistrationResponseJSON,
  ResidentKeyRequirement,
  UserVerificationRequirement,
} from './webauthn/WebAuthnJson.js';
export { selectDevice, type SelectDeviceOptions } from './selection/selectDevice.js';
export { waitForTouch } from './selection/waitForTouch.js';
