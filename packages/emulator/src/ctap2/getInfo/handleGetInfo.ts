import { encodeGetInfoResponse } from '@keybridge/ctap';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { authenticatorInfoOf } from './authenticatorInfoOf.js';

/** authenticatorGetInfo (CTAP 2.1 §6.4): takes no parameters, answers from configuration and state. */
export const handleGetInfo: Ctap2Handler = async (core) => encodeGetInfoResponse(authenticatorInfoOf(core));
