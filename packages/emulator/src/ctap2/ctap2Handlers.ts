import { Ctap2Command } from '@keybridge/ctap';
import type { Ctap2Handler } from './Ctap2Handler.js';
import { handleClientPin } from './clientPin/handleClientPin.js';
import { handleConfig } from './config/handleConfig.js';
import { handleCredentialManagement } from './credentialManagement/handleCredentialManagement.js';
import { handleGetAssertion } from './getAssertion/handleGetAssertion.js';
import { handleGetNextAssertion } from './getAssertion/handleGetNextAssertion.js';
import { handleGetInfo } from './getInfo/handleGetInfo.js';
import { handleMakeCredential } from './makeCredential/handleMakeCredential.js';
import { handleReset } from './reset/handleReset.js';
import { handleSelection } from './selection/handleSelection.js';

/** Every CTAP2 command the emulator answers, in one visible place. */
export const ctap2Handlers: ReadonlyMap<number, Ctap2Handler> = new Map([
  [Ctap2Command.makeCredential, handleMakeCredential],
  [Ctap2Command.getAssertion, handleGetAssertion],
  [Ctap2Command.getInfo, handleGetInfo],
  [Ctap2Command.clientPIN, handleClientPin],
  [Ctap2Command.reset, handleReset],
  [Ctap2Command.getNextAssertion, handleGetNextAssertion],
  [Ctap2Command.credentialManagement, handleCredentialManagement],
  [Ctap2Command.selection, handleSelection],
  [Ctap2Command.config, handleConfig],
]);
