/** One member of an initramfs: a directory, a file (its bytes), or a character device node. */
export type NewcEntry =
  | { path: string; kind: 'directory'; mode?: number }
  | { path: string; kind: 'file'; data: Uint8Array; mode?: number }
  | { path: string; kind: 'characterDevice'; major: number; minor: number; mode?: number };

const TYPE_BITS = { directory: 0o040000, file: 0o100000, characterDevice: 0o020000 } as const;
const DEFAULT_MODE = { directory: 0o755, file: 0o644, characterDevice: 0o600 } as const;

function padding(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function member(inode: number, name: string, mode: number, data: Uint8Array, rdev: { major: number; minor: number }): Buffer[] {
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  // "070701", then 13 fields of 8 hex digits: ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
  // rdevmajor, rdevminor, namesize (NUL included), check.
  const fields = [inode, mode, 0, 0, mode & TYPE_BITS.directory ? 2 : 1, 0, data.length, 0, 0, rdev.major, rdev.minor, nameBytes.length, 0];
  const header = Buffer.from(`070701${fields.map((field) => field.toString(16).padStart(8, '0')).join('')}`, 'ascii');
  return [header, nameBytes, padding(header.length + nameBytes.length), Buffer.from(data.buffer, data.byteOffset, data.byteLength), padding(data.length)];
}

/**
 * An uncompressed cpio archive in the "newc" format the kernel unpacks as an initramfs (owner root, mtime 0). Paths are
 * relative ("init", "bin/busybox"); parents must come before their children.
 */
export function newcArchive(entries: readonly NewcEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((entry, index) => {
    const mode = TYPE_BITS[entry.kind] | (entry.mode ?? DEFAULT_MODE[entry.kind]);
    const data = entry.kind === 'file' ? entry.data : new Uint8Array(0);
    const rdev = entry.kind === 'characterDevice' ? entry : { major: 0, minor: 0 };
    parts.push(...member(index + 1, entry.path, mode, data, rdev));
  });
  parts.push(...member(0, 'TRAILER!!!', 0, new Uint8Array(0), { major: 0, minor: 0 }));
  return Buffer.concat(parts);
}
