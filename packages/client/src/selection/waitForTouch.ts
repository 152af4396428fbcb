import { CtapError, CtapHidCapability, CtapStatus } from '@keybridge/ctap';
import { Ctap1Session } from '../ctap1/Ctap1Session.js';
import { Ctap2Session } from '../ctap2/Ctap2Session.js';
import type { CtapDevice, CtapRequestOptions } from '../hid/CtapDevice.js';
import { openSession } from '../openSession.js';

/** A REGISTER nobody will use, only to learn of a touch: 32 bytes each, as browsers send. */
const DUMMY_APPLICATION = new Uint8Array(32).fill(0x41);
const DUMMY_CHALLENGE = new Uint8Array(32).fill(0x42);

/** The answers of a "touch to select" makeCredential probe once the key was touched (CTAP 2.0 §5.1 step 1). */
const TOUCHED_STATUSES: ReadonlySet<number> = new Set([CtapStatus.PIN_NOT_SET, CtapStatus.PIN_INVALID, CtapStatus.PIN_AUTH_INVALID]);

/**
 * Resolves when the user touches `device`, asking the way the key understands:
 * - CTAP 2.1 (getInfo versions has FIDO_2_1): authenticatorSelection;
 * - older keys blink first (WINK, when they can), then a U2F REGISTER with a dummy application is repeated until
 *   the touch comes (what browsers do; the registration is thrown away);
 * - a CTAP 2.0 key without U2F: makeCredential with a zero-length pinAuth, which waits for a touch and answers
 *   PIN_NOT_SET / PIN_INVALID.
 * Rejects with the device's refusal, CANCELLED when `options.signal` aborts, TIMEOUT / USER_ACTION_TIMEOUT.
 */
export async function waitForTouch(device: CtapDevice, options: CtapRequestOptions): Promise<void> {
  const session = await openSession(device, options.signal ? { signal: options.signal } : {});
  if (session instanceof Ctap2Session && session.info.versions.includes('FIDO_2_1')) {
    await session.selection(options);
    return;
  }
  if ((device.capabilities & CtapHidCapability.WINK) !== 0) {
    await device.wink(options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
  const speaksU2f = session instanceof Ctap1Session || ((device.capabilities & CtapHidCapability.NMSG) === 0 && session.info.versions.includes('U2F_V2'));
  if (speaksU2f) {
    await new Ctap1Session(device).register(DUMMY_CHALLENGE, DUMMY_APPLICATION, options);
    return;
  }
  try {
    await (session as Ctap2Session).makeCredential(
      {
        clientDataHash: new Uint8Array(32),
        rp: { id: '.dummy' },
        user: { id: Uint8Array.of(1), name: 'dummy' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        pinUvAuthParam: new Uint8Array(0),
        pinUvAuthProtocol: 1,
      },
      options,
    );
  } catch (error) {
    if (error instanceof CtapError && TOUCHED_STATUSES.has(error.status)) return;
    throw error;
  }
}
