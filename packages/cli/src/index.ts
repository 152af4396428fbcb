// The public API of @keybridge/cli: the pieces a program embedding the CLI (or its tests) may want.
export { runKeybridge } from './program/runKeybridge.js';
export { runCommand, type CommandBody, type CommandResult } from './program/runCommand.js';
export { CommandContext, type CommandIo, type CommonOptions } from './program/CommandContext.js';
export { CliError, type CliErrorCode } from './program/CliError.js';
export { ExitCode, type ExitCodeValue } from './program/ExitCode.js';
export { describeCtapError, type CtapErrorDetails } from './errors/describeCtapError.js';
export { errorCodeOf } from './errors/errorCodeOf.js';
export { exitCodeOf } from './errors/exitCodeOf.js';
export { ExplainedError } from './errors/ExplainedError.js';
export { parseDeviceSpec, type DeviceSpec } from './device/parseDeviceSpec.js';
export { openChosenDevice, NO_KEY_MESSAGE, TOUCH_TO_CHOOSE_MESSAGE, type HidAccess, type OpenChosenDeviceOptions } from './device/openChosenDevice.js';
export { shouldUseColour } from './output/shouldUseColour.js';
export { createPaint, type Paint } from './output/createPaint.js';
export { PinReader, type NewPinSource, type PinSources } from './pin/PinReader.js';
export { StdinLines } from './pin/StdinLines.js';
export { describeAuthenticatorInfo, type AuthenticatorFacts } from './commands/describeAuthenticatorInfo.js';
export { emulatorCommand, type EmulatorCommandIo } from './commands/emulatorCommand.js';
