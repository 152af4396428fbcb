import type { ClientPinResponse } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { requireBuiltInUv } from './requireBuiltInUv.js';

/** getUVRetries (0x07, CTAP 2.1 §6.5.5.3): built-in UV attempts left before the key wants the PIN. */
export function getUvRetries(core: AuthenticatorCore): ClientPinResponse {
  requireBuiltInUv(core);
  return { uvRetries: core.state.uvRetries };
}
