import { CtapError, CtapHidCapability, CtapHidError, CtapHidErrorCode, CtapStatus } from '@keybridge/ctap';
import { Ctap1Session } from './ctap1/Ctap1Session.js';
import { Ctap2Session, type Ctap2SessionOptions } from './ctap2/Ctap2Session.js';
import { CtapClientError } from './CtapClientError.js';
import type { CtapDevice } from './hid/CtapDevice.js';

/** A device without CTAP2: INVALID_COMMAND as a CTAP2 status or as a CTAPHID error. */
function isCtap2Missing(error: unknown): boolean {
  return (
    (error instanceof CtapError && error.status === CtapStatus.INVALID_COMMAND) ||
    (error instanceof CtapHidError && error.errorCode === CtapHidErrorCode.INVALID_CMD)
  );
}

/**
 * The session a device speaks: CTAP2 when its INIT capabilities have CBOR and it answers getInfo, else CTAP1/U2F
 * (a U2F-only key: no CBOR capability, or getInfo answered with INVALID_COMMAND). A device with neither CBOR nor
 * MSG (NMSG) is UNSUPPORTED.
 */
export async function openSession(device: CtapDevice, options: Ctap2SessionOptions = {}): Promise<Ctap2Session | Ctap1Session> {
  const hasCbor = (device.capabilities & CtapHidCapability.CBOR) !== 0;
  const hasMsg = (device.capabilities & CtapHidCapability.NMSG) === 0;
  if (hasCbor) {
    try {
      return await Ctap2Session.open(device, options);
    } catch (error) {
      if (!hasMsg || !isCtap2Missing(error)) throw error;
    }
  }
  if (!hasMsg) throw new CtapClientError('UNSUPPORTED', `${device.description} speaks neither CTAP2 nor U2F`);
  return new Ctap1Session(device);
}
