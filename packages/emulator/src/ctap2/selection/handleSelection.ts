import type { Ctap2Handler } from '../Ctap2Handler.js';

/**
 * authenticatorSelection (CTAP 2.1 §6.9): the platform asks which of several keys the user means; this one
 * answers OK once touched, or the user-presence error (OPERATION_DENIED, USER_ACTION_TIMEOUT, KEEPALIVE_CANCEL).
 */
export const handleSelection: Ctap2Handler = async (core, _parameters, context) => {
  await core.userPresence({ purpose: 'selection' }, context);
  return undefined;
};
