// The public API of @keybridge/emulator. Others may append lines.
export { Authenticator } from './Authenticator.js';
export type { AttestationMaterial, AttestationMode, AuthenticatorConfig, AuthenticatorCore, SignCountMode, VolatileState } from './AuthenticatorCore.js';
export { createAuthenticator, type AuthenticatorOptions } from './createAuthenticator.js';
export { fixedUserPresence, type UserPresenceDecision, type UserPresencePolicy, type UserPresenceRequest } from './userPresence/UserPresencePolicy.js';
export type { BuiltInUvDecision } from './userVerification/BuiltInUvDecision.js';
export type { RequestContext } from './userPresence/RequestContext.js';
export { createInitialState, type AuthenticatorState, type StoredCredential } from './state/AuthenticatorState.js';
export { FileStateStore, MemoryStateStore, type StateStore } from './state/StateStore.js';
export { CtapHidDevice, type CtapHidAuthenticator, type CtapHidDeviceOptions, type CtapHidReplyTo } from './hid/CtapHidDevice.js';
export { InProcessHidConnection } from './transports/InProcessHidConnection.js';
export {
  DEFAULT_UDP_HOST,
  DEFAULT_UDP_PORT,
  UdpEmulatorServer,
  type UdpEmulatorAddress,
  type UdpEmulatorServerOptions,
} from './transports/UdpEmulatorServer.js';
export { isLoopbackHost } from './transports/isLoopbackHost.js';
export { emulatorUsage, parseEmulatorArguments, type EmulatorCommand } from './bin/parseEmulatorArguments.js';
export { EmulatorUsageError } from './bin/EmulatorUsageError.js';
export { serveEmulator, type ServeEmulatorHooks } from './bin/serveEmulator.js';
export { startEmulator, formatUsbId, type EmulatorRunCommand, type RunningEmulator } from './bin/startEmulator.js';
export {
  DEFAULT_UHID_NAME,
  DEFAULT_UHID_PRODUCT_ID,
  DEFAULT_UHID_VENDOR_ID,
  UhidDevice,
  type UhidDeviceOptions,
  type UhidDeviceStarted,
} from './transports/uhid/UhidDevice.js';
export { UhidError, type UhidErrorCode } from './transports/uhid/UhidError.js';
export { FIDO_REPORT_DESCRIPTOR } from './transports/uhid/fidoReportDescriptor.js';
