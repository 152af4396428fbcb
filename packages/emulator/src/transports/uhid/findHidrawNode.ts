import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The hidraw node of the HID device whose HID_UNIQ is `uniq` ("/dev/hidraw3"), from sysfs: each
 * /sys/class/hidraw/<node>/device is the HID device, and its uevent lists HID_NAME, HID_UNIQ, HID_ID.
 * Undefined while there is none.
 */
export async function findHidrawNode(uniq: string, sysfsRoot = '/sys'): Promise<string | undefined> {
  const classDirectory = join(sysfsRoot, 'class', 'hidraw');
  let nodes: string[];
  try {
    nodes = await readdir(classDirectory);
  } catch {
    return undefined; // no hidraw class at all: a kernel without CONFIG_HIDRAW, or no device yet
  }
  for (const node of nodes) {
    const uevent = await readFile(join(classDirectory, node, 'device', 'uevent'), 'utf8').catch(() => '');
    if (uevent.split('\n').includes(`HID_UNIQ=${uniq}`)) return `/dev/${node}`;
  }
  return undefined;
}
