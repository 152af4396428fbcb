// Python distributions for the registry benchmarks, written by hand (no zip or tar library): small wheels and
// sdists in memory, and one large wheel streamed to disk.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { crc32, gzipSync } from 'node:zlib';

export function coreMetadata(name, version) {
  return `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: The ${name} package\nRequires-Python: >=3.8\n\n# ${name}\n`;
}

function escapedName(name) {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

function localHeader(name, crc, size) {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // UTF-8 names; method 0 (stored)
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(size, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

/** The central directory of `entries` and its end record; the directory starts at `directoryOffset`. */
function centralDirectory(entries, directoryOffset) {
  const records = entries.map(({ name, crc, size, offset }) => {
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(size, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    return Buffer.concat([record, name]);
  });
  const directory = Buffer.concat(records);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([directory, end]);
}

function wheelEntries(name, version) {
  const distInfo = `${escapedName(name)}-${version}.dist-info`;
  return [
    [`${escapedName(name)}/__init__.py`, `VERSION = ${JSON.stringify(version)}\n`],
    [`${distInfo}/METADATA`, coreMetadata(name, version)],
    [`${distInfo}/WHEEL`, 'Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n'],
    [`${distInfo}/RECORD`, ''],
  ].map(([entryName, data]) => ({ name: Buffer.from(entryName), data: Buffer.from(data) }));
}

/** A small wheel `{name}-{version}-py3-none-any.whl` (stored entries), in memory. */
export function smallWheel(name, version) {
  const parts = [];
  const entries = [];
  let offset = 0;
  for (const { name: entryName, data } of wheelEntries(name, version)) {
    const crc = crc32(data);
    entries.push({ name: entryName, crc, size: data.length, offset });
    const header = localHeader(entryName, crc, data.length);
    parts.push(header, data);
    offset += header.length + data.length;
  }
  parts.push(centralDirectory(entries, offset));
  return { filename: `${escapedName(name)}-${version}-py3-none-any.whl`, bytes: Buffer.concat(parts), name, version, filetype: 'bdist_wheel', pyversion: 'py3' };
}

/** A small sdist `{name}-{version}.tar.gz` holding PKG-INFO, in memory. */
export function smallSdist(name, version) {
  const stem = `${escapedName(name)}-${version}`;
  const blocks = [];
  for (const [path, text] of [[`${stem}/PKG-INFO`, coreMetadata(name, version)], [`${stem}/setup.py`, 'from setuptools import setup\nsetup()\n']]) {
    const data = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(path, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\u000000', 257);
    let checksum = 0;
    for (const byte of header) checksum += byte;
    header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return { filename: `${stem}.tar.gz`, bytes: gzipSync(Buffer.concat(blocks)), name, version, filetype: 'sdist', pyversion: 'source' };
}

/**
 * Writes a wheel of about `payloadBytes` (a stored random payload plus the .dist-info) to `path`, a chunk at a time,
 * and returns its description with its size and digests (read back from disk).
 */
export async function writeLargeWheel(path, name, version, payloadBytes) {
  const handle = await open(path, 'w');
  const entries = [];
  let offset = 0;
  try {
    const write = async (buffer) => {
      await handle.write(buffer);
      offset += buffer.length;
    };
    for (const { name: entryName, data } of wheelEntries(name, version)) {
      const crc = crc32(data);
      entries.push({ name: entryName, crc, size: data.length, offset });
      await write(localHeader(entryName, crc, data.length));
      await write(data);
    }
    const payloadName = Buffer.from(`${escapedName(name)}/payload.bin`);
    const payloadOffset = offset;
    await write(localHeader(payloadName, 0, payloadBytes));
    let crc = 0;
    const chunk = 4 * 1024 * 1024;
    for (let written = 0; written < payloadBytes; written += chunk) {
      const data = randomBytes(Math.min(chunk, payloadBytes - written));
      crc = crc32(data, crc);
      await write(data);
    }
    // The crc is known only now: patch it into the local header.
    const crcBytes = Buffer.alloc(4);
    crcBytes.writeUInt32LE(crc, 0);
    await handle.write(crcBytes, 0, 4, payloadOffset + 14);
    entries.push({ name: payloadName, crc, size: payloadBytes, offset: payloadOffset });
    await write(centralDirectory(entries, offset));
  } finally {
    await handle.close();
  }
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  for await (const data of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    sha256.update(data);
    md5.update(data);
  }
  return {
    path,
    filename: `${escapedName(name)}-${version}-py3-none-any.whl`,
    size: offset,
    sha256: sha256.digest('hex'),
    md5: md5.digest('hex'),
    name,
    version,
    filetype: 'bdist_wheel',
    pyversion: 'py3',
  };
}
