import { CtapError, CtapStatus } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice } from '../hid/CtapDevice.js';
import { waitForTouch } from './waitForTouch.js';

export interface SelectDeviceOptions {
  /** Aborting stops the wait on every key; selectDevice then rejects with CANCELLED. */
  signal?: AbortSignal;
  /** How long each key waits for its touch, in ms (default: the channel's 30 s). */
  timeoutMs?: number;
}

function isTimeout(error: unknown): boolean {
  return (
    (error instanceof CtapClientError && error.code === 'TIMEOUT') ||
    (error instanceof CtapError && (error.status === CtapStatus.USER_ACTION_TIMEOUT || error.status === CtapStatus.ACTION_TIMEOUT))
  );
}

/**
 * Several keys plugged in: asks the user to touch the one to use, on all of them at once (see waitForTouch:
 * CTAP 2.1 selection, or a blink and a U2F presence poll for older keys), and resolves with the first touched.
 * The wait on the others is cancelled (CTAPHID_CANCEL) and has ended when this resolves, so every key is idle
 * again. With one key no touch is asked. A key that fails (refused, unplugged) drops out; when all fail:
 * CANCELLED if `signal` aborted, TIMEOUT if nobody touched any, else the first key's error. No keys: NO_DEVICE.
 */
export async function selectDevice(devices: readonly CtapDevice[], options: SelectDeviceOptions = {}): Promise<CtapDevice> {
  if (devices.length === 0) throw new CtapClientError('NO_DEVICE', 'no security key to choose from');
  if (devices.length === 1) return devices[0]!;
  const { signal, timeoutMs } = options;
  if (signal?.aborted) throw new CtapClientError('CANCELLED', 'device selection cancelled', { cause: signal.reason });

  const controllers = devices.map(() => new AbortController());
  const abortAll = () => controllers.forEach((controller) => controller.abort(signal?.reason));
  signal?.addEventListener('abort', abortAll, { once: true });
  const waits = devices.map((device, index) =>
    waitForTouch(device, { signal: controllers[index]!.signal, ...(timeoutMs === undefined ? {} : { timeoutMs }) }).then(() => index),
  );
  try {
    const chosen = await Promise.any(waits);
    controllers.forEach((controller, index) => {
      if (index !== chosen) controller.abort(new Error('another key was chosen'));
    });
    return devices[chosen]!;
  } catch (error) {
    if (signal?.aborted) throw new CtapClientError('CANCELLED', 'device selection cancelled', { cause: signal.reason });
    const failures = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
    if (failures.every(isTimeout)) throw new CtapClientError('TIMEOUT', 'none of the keys was touched in time');
    throw failures.find((failure) => !isTimeout(failure)) ?? error;
  } finally {
    signal?.removeEventListener('abort', abortAll);
    await Promise.allSettled(waits);
  }
}
