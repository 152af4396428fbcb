// getAssertion per second through the kernel (client -> node-hid -> hidraw -> uhid -> `keybridge-emulator --uhid`)
// next to the same client and emulator over UDP on loopback, both in one QEMU guest run (test/uhid/bootLinuxGuest.ts:
// Debian's kernel under TCG, so the rates are the VM's, not this machine's; the ratio is what counts). Rounds
// alternate in the guest (uhidGuestClient.js); the ratio is the median of the paired ratios.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transpileTestModules } from '../test/uhid/transpileTestModules.mjs';
import { report } from './pairedRatio.js';

const repository = fileURLToPath(new URL('../', import.meta.url));
const UDP_PORT = 8111;
const GUEST_TIMEOUT_MS = 300_000;

function guestScript() {
  const node = process.execPath;
  const emulator = `${node} packages/emulator/bin/keybridge-emulator.js`;
  return `set -u
cd ${repository}
${emulator} --uhid >/run/uhid.out 2>&1 &
uhid=$!
${emulator} --udp 127.0.0.1:${UDP_PORT} >/run/udp.out 2>&1 &
udp=$!
waited=0
until grep -q hidraw /run/uhid.out && grep -q listening /run/udp.out; do
  if [ $waited -ge 1800 ] || ! kill -0 $uhid $udp 2>/dev/null; then cat /run/uhid.out /run/udp.out; exit 1; fi
  sleep 0.1; waited=$((waited + 1))
done
echo "@@result $(${node} bench/uhidGuestClient.js "$(grep -o '/dev/hidraw[0-9]*' /run/uhid.out)" ${UDP_PORT})"
kill -TERM $uhid $udp; wait
`;
}

export async function benchUhidThroughKernel() {
  const [compiled] = await transpileTestModules([new URL('../test/uhid/bootLinuxGuest.ts', import.meta.url)]);
  const { bootLinuxGuest, qemuInstalled } = await import(pathToFileURL(compiled).href);
  if (!qemuInstalled()) {
    console.log('getAssertion through the kernel (uhid): not run, qemu-system-x86_64 is missing (scripts/install-debian-packages.sh)');
    return;
  }
  const guest = await bootLinuxGuest(guestScript(), { timeoutMs: GUEST_TIMEOUT_MS });
  const line = /^@@result (\{.*\})\r?$/m.exec(guest.console);
  if (guest.exitStatus !== 0 || !line) throw new Error(`the uhid bench's guest failed (exit ${guest.exitStatus}); its console:\n${guest.console}`);
  report('getAssertion through the kernel (node-hid -> hidraw -> uhid), in a QEMU guest', 'UDP on loopback in the same guest', JSON.parse(line[1]));
  console.log(`  (the guest booted, measured and powered off in ${(guest.durationMs / 1000).toFixed(1)} s)`);
}
