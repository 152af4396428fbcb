// What an idle CPU does on this machine, read from sysfs, for benchmarks whose wall-clock time it sets. In a
// virtual machine with the haltpoll cpuidle governor, guest_halt_poll_ns says how long an idle vCPU polls before it
// halts; 0 halts at once, so every wake-up of a waiting process goes through the host (the kernel's default is
// 200000: docs.kernel.org/virt/guest-halt-polling.html).
import { readFileSync } from 'node:fs';

function readSysfs(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The cpuidle driver and governor, and haltpoll's guest_halt_poll_ns when that module is loaded. */
export function cpuIdlePolicy() {
  const cpuidle = '/sys/devices/system/cpu/cpuidle';
  const haltPollNs = readSysfs('/sys/module/haltpoll/parameters/guest_halt_poll_ns');
  return {
    driver: readSysfs(`${cpuidle}/current_driver`),
    governor: readSysfs(`${cpuidle}/current_governor_ro`) ?? readSysfs(`${cpuidle}/current_governor`),
    guestHaltPollNs: haltPollNs === undefined ? undefined : Number(haltPollNs),
  };
}

/** One line for a benchmark's output. */
export function describeCpuIdlePolicy({ driver, governor, guestHaltPollNs } = cpuIdlePolicy()) {
  const parts = [`cpuidle driver ${driver ?? 'none'}, governor ${governor ?? 'none'}`];
  if (guestHaltPollNs !== undefined) {
    parts.push(
      guestHaltPollNs === 0
        ? 'guest_halt_poll_ns=0: an idle vCPU halts at once (the kernel default polls 200000 ns first)'
        : `guest_halt_poll_ns=${guestHaltPollNs}: an idle vCPU polls that long before it halts`,
    );
  }
  return parts.join('; ');
}
