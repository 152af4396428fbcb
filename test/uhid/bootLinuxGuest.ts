import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newcArchive, type NewcEntry } from './newcArchive.js';

const run = promisify(execFile);
const fetchKernelScript = fileURLToPath(new URL('../../scripts/fetch-debian-kernel.sh', import.meta.url));
export const QEMU = '/usr/bin/qemu-system-x86_64';
const BUSYBOX = '/bin/busybox';

/**
 * insmod order (dependencies first), as paths under the kernel's module tree: HID with uhid and hid-generic (which
 * makes the hidraw node), then virtio-pci and 9p, to mount the host's root. scripts/fetch-debian-kernel.sh keeps
 * these directories.
 */
const MODULES = [
  'drivers/hid/hid.ko',
  'drivers/hid/uhid.ko',
  'drivers/hid/hid-generic.ko',
  'drivers/virtio/virtio_ring.ko',
  'drivers/virtio/virtio.ko',
  'drivers/virtio/virtio_pci_modern_dev.ko',
  'drivers/virtio/virtio_pci_legacy_dev.ko',
  'drivers/virtio/virtio_pci.ko',
  'net/9p/9pnet.ko',
  'net/9p/9pnet_virtio.ko',
  'fs/netfs/netfs.ko',
  'fs/fscache/fscache.ko',
  'fs/9p/9p.ko',
];

/** Printed by the guest's init: what the test harness looks for in the serial console's output. */
const EXIT_MARKER = '@@guest-exit';

export interface GuestRun {
  /** Everything the guest printed on its serial console (firmware noise included). */
  console: string;
  /** The guest script's exit status; undefined when it never got to say (a panic, a timeout). */
  exitStatus: number | undefined;
  durationMs: number;
}

export function qemuInstalled(): boolean {
  return existsSync(QEMU);
}

/** /init: loads the modules, mounts the host's root read-only over 9p, and runs the guest script chrooted into it. */
function initScript(): string {
  return `#!/bin/busybox sh
b=/bin/busybox
$b mount -t proc proc /proc
$b mount -t sysfs sysfs /sys
$b mount -t devtmpfs devtmpfs /dev
# Loopback only (-net none): the UDP emulator and its clients talk over 127.0.0.1.
$b ip link set lo up
for module in ${MODULES.map((path) => path.split('/').at(-1)).join(' ')}; do
  $b insmod /modules/$module || echo "init: insmod $module failed"
done
$b mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose host /host || echo "init: cannot mount the host's root"
for directory in proc sys dev; do $b mount --bind /$directory /host/$directory; done
# The one writable place is /run: a tmpfs over /tmp or /root would hide a checkout or a Node binary living there.
$b mount -t tmpfs tmpfs /host/run
$b cp /guest.sh /host/run/guest.sh
$b chroot /host /usr/bin/env -i HOME=/run PATH=/usr/local/bin:/usr/bin:/bin TMPDIR=/run /bin/sh /run/guest.sh
echo "${EXIT_MARKER} $?"
$b poweroff -f
`;
}

/**
 * Boots Debian's kernel (scripts/fetch-debian-kernel.sh fetches it) in QEMU under TCG, no KVM needed, with a small
 * uncompressed initramfs (busybox, the modules, /init) and this machine's root shared read-only over 9p: the guest
 * runs this very Node binary, node_modules, libfido2 and OpenSSH from it, with no copies. `script` runs as root in
 * the guest (sh, cwd /, only /run writable, HOME and TMPDIR there); its output comes back over the serial console. Resolves when the guest
 * powers off; after `timeoutMs` QEMU is killed and the run returned as it is (exitStatus undefined).
 */
export async function bootLinuxGuest(script: string, { timeoutMs }: { timeoutMs: number }): Promise<GuestRun> {
  const { stdout } = await run('bash', [fetchKernelScript], { maxBuffer: 1024 * 1024 });
  const kernelDirectory = stdout.trim();
  const modules = await Promise.all(MODULES.map(async (path) => ({ path, data: await readFile(join(kernelDirectory, 'modules', path)) })));
  const entries: NewcEntry[] = [
    ...['bin', 'dev', 'proc', 'sys', 'host', 'modules'].map((path): NewcEntry => ({ path, kind: 'directory' })),
    { path: 'dev/console', kind: 'characterDevice', major: 5, minor: 1 },
    { path: 'bin/busybox', kind: 'file', data: await readFile(BUSYBOX), mode: 0o755 },
    ...modules.map(({ path, data }): NewcEntry => ({ path: `modules/${path.split('/').at(-1)}`, kind: 'file', data })),
    { path: 'init', kind: 'file', data: Buffer.from(initScript()), mode: 0o755 },
    { path: 'guest.sh', kind: 'file', data: Buffer.from(script), mode: 0o755 },
  ];
  const directory = await mkdtemp(join(tmpdir(), 'keybridge-guest-'));
  try {
    const initramfs = join(directory, 'initramfs.cpio');
    await writeFile(initramfs, newcArchive(entries));
    return await runQemu(
      [
        '-m', '512',
        '-nodefaults', '-display', 'none', '-serial', 'stdio', '-no-reboot', '-net', 'none',
        '-kernel', join(kernelDirectory, 'vmlinuz'),
        '-initrd', initramfs,
        // panic=-1 with -no-reboot: a guest that panics ends QEMU at once instead of waiting for the timeout.
        '-append', 'console=ttyS0 quiet panic=-1',
        '-virtfs', 'local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap',
      ],
      timeoutMs,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function runQemu(args: string[], timeoutMs: number): Promise<GuestRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const qemu = spawn(QEMU, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    qemu.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    qemu.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => qemu.kill('SIGKILL'), timeoutMs);
    qemu.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    qemu.once('close', () => {
      clearTimeout(timer);
      const exit = new RegExp(`^${EXIT_MARKER} (\\d+)\\r?$`, 'm').exec(output);
      resolve({ console: output, exitStatus: exit ? Number(exit[1]) : undefined, durationMs: Date.now() - started });
    });
  });
}
