import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { wipeState } from './wipeState.js';

/**
 * authenticatorReset (CTAP 2.1 §6.6): only within config.resetWindowMs of power-up (NOT_ALLOWED after), and
 * only with the user's touch (OPERATION_DENIED / USER_ACTION_TIMEOUT / KEEPALIVE_CANCEL otherwise). Then every
 * credential and the PIN go, settings return to their defaults, and the volatile secrets are renewed: the
 * current pinUvAuthToken stops working and getKeyAgreement hands out a new key.
 */
export const handleReset: Ctap2Handler = async (core, _parameters, context) => {
  const sincePowerUp = core.now() - core.volatile.poweredUpAt;
  if (sincePowerUp > core.config.resetWindowMs) {
    throw new CtapError(CtapStatus.NOT_ALLOWED, `reset is allowed only within ${core.config.resetWindowMs} ms of power-up`);
  }
  await core.userPresence({ purpose: 'reset' }, context);

  wipeState(core.state);
  await core.persist();
  const { volatile } = core;
  volatile.pinToken.stopUsing();
  volatile.keyAgreement.regenerate();
  volatile.consecutivePinFailures = 0;
  delete volatile.pendingAssertions;
  delete volatile.credentialEnumeration;
  return undefined;
};
