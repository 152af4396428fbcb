import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../createAuthenticator.js';
import { UhidDevice } from './UhidDevice.js';
import { UhidError } from './UhidError.js';

// Creating a real device needs /dev/uhid, which only the QEMU guest has (test/uhid/). Here: the errors before that.
describe('UhidDevice without a usable /dev/uhid', () => {
  async function startError(uhidPath: string): Promise<UhidError> {
    const device = new UhidDevice(await createAuthenticator(), { uhidPath });
    const error = await device.start().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(UhidError);
    expect((error as Error).message).not.toContain('\n');
    await device.close();
    return error as UhidError;
  }

  it('says to load the uhid module when the node does not exist', async () => {
    const error = await startError('/nonexistent/uhid');
    expect(error.code).toBe('UHID_MISSING');
    expect(error.message).toBe('/nonexistent/uhid does not exist: load the uhid kernel module (sudo modprobe uhid)');
  });

  it('says to run as root or add the udev rule when it may not be opened', async () => {
    // A read-only sysctl refuses O_RDWR with EACCES even to root.
    const error = await startError('/proc/sys/kernel/osrelease');
    expect(error.code).toBe('UHID_ACCESS_DENIED');
    expect(error.message).toBe('no permission to open /proc/sys/kernel/osrelease: run as root, or give your user access with the udev rule in the README');
  });
});
