import { CtapClientError } from '../CtapClientError.js';

/**
 * The most items read one request at a time after a device announces how many there are (numberOfCredentials,
 * totalRPs, totalCredentials). Keys hold a few hundred discoverable credentials at most, in all; a larger count is a
 * garbled or hostile answer, which would otherwise keep the client asking until it ran out of memory.
 */
export const MAX_ANNOUNCED_ITEMS = 1000;

/** `count` as the device announced it, or PROTOCOL_ERROR beyond MAX_ANNOUNCED_ITEMS (`what` names the items). */
export function readAnnouncedCount(count: number, what: string): number {
  if (count > MAX_ANNOUNCED_ITEMS) {
    throw new CtapClientError('PROTOCOL_ERROR', `the device announces ${count} ${what}; a key holds far fewer (at most ${MAX_ANNOUNCED_ITEMS} are read)`);
  }
  return count;
}
