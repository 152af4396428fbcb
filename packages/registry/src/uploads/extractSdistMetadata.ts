import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import { openPromise, type ZipFile } from 'yauzl';
import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import { TarFormatError, TarReader } from './readTarArchive.js';

/** What reading an sdist may cost: members, bytes once decompressed, and the size of its PKG-INFO. */
export const sdistLimits = {
  maxEntries: 100_000,
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxPkgInfoBytes: 16 * 1024 * 1024,
  maxHeaderDataBytes: 1024 * 1024,
};

/**
 * The bytes of the sdist's `{name}-{version}/PKG-INFO`, read from the file at `path` (a `.tar.gz` streamed through
 * gunzip and read whole, so a damaged archive is found; a `.zip` by its central directory). The archive must hold
 * one top-level directory, named for this project and version (`name` and `version`: PEP 503 normalized name and
 * canonical version; setuptools writes `{name}-{version}`, PEP 625 the name with '_'), and no member may leave it
 * (absolute names, '..', links pointing out) or be a device. A 400 naming what is wrong otherwise.
 */
export async function extractSdistMetadata(path: string, filename: string, name: string, version: string, limits = sdistLimits): Promise<Buffer> {
  const invalid = (why: string) => new HttpError(400, 'invalid_distribution', `Invalid distribution file: sdist '${filename}' ${why}.`);
  const layout = new SdistLayout(name, version, (why) => invalid(why));
  if (filename.endsWith('.zip')) await readZip(path, layout, limits, invalid);
  else await readTarGz(path, layout, limits, invalid);
  return layout.pkgInfo(filename);
}

/** Checks member names as they come, and keeps the top-level PKG-INFO. */
class SdistLayout {
  private top: string | null = null;
  private pkgInfoData: Buffer | null = null;
  private pkgInfoCount = 0;

  constructor(
    private readonly name: string,
    private readonly version: string,
    private readonly invalid: (why: string) => HttpError,
  ) {}

  /** Checks a member's name (and a link's target); true when it is the top-level PKG-INFO. */
  member(memberName: string, kind: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other', linkName = ''): boolean {
    const shown = `'${memberName.slice(0, 100)}'`;
    if (kind === 'other') throw this.invalid(`has a member that is neither a file, a directory nor a link (${shown})`);
    const parts = this.parts(memberName);
    const first = parts[0]!;
    if (this.top === null) {
      if (!this.belongsTo(first)) throw this.invalid(`must have a single top-level directory '{name}-{version}' for this project and version, not ${shown}`);
      this.top = first;
    } else if (first !== this.top) {
      throw this.invalid(`must have a single top-level directory, but has both '${this.top.slice(0, 100)}' and '${first.slice(0, 100)}'`);
    }
    if (parts.length === 1 && kind !== 'directory') throw this.invalid(`must have a top-level directory, not the file ${shown}`);
    if (kind === 'symlink') {
      if (linkName.startsWith('/') || /^[A-Za-z]:/.test(linkName)) throw this.invalid(`has a link ${shown} to an absolute path`);
      const target = posix.normalize(posix.join(posix.dirname(parts.join('/')), linkName.replace(/\\/g, '/')));
      if (target === '..' || target.startsWith('../') || (target.split('/')[0] !== this.top)) throw this.invalid(`has a link ${shown} that points outside its directory`);
    } else if (kind === 'hardlink') {
      const target = this.parts(linkName);
      if (target[0] !== this.top) throw this.invalid(`has a link ${shown} that points outside its directory`);
    }
    const isPkgInfo = parts.length === 2 && parts[1] === 'PKG-INFO';
    if (isPkgInfo && kind !== 'file') throw this.invalid(`has a PKG-INFO that is not a file`);
    if (isPkgInfo && ++this.pkgInfoCount > 1) throw this.invalid('has more than one PKG-INFO at the top of its directory');
    return isPkgInfo;
  }

  setPkgInfo(data: Buffer): void {
    this.pkgInfoData = data;
  }

  pkgInfo(filename: string): Buffer {
    if (this.pkgInfoData === null) {
      throw new HttpError(400, 'invalid_distribution', `Invalid distribution file: sdist '${filename}' does not contain the required ${this.top ?? '{name}-{version}'}/PKG-INFO file.`);
    }
    return this.pkgInfoData;
  }

  /** The path's components, refusing absolute paths and '..' (pip would write outside its directory). */
  private parts(memberName: string): string[] {
    const shown = `'${memberName.slice(0, 100)}'`;
    if (memberName.startsWith('/') || memberName.startsWith('\\') || /^[A-Za-z]:/.test(memberName)) throw this.invalid(`has a member with an absolute path (${shown})`);
    const parts = memberName.split(/[/\\]/).filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) throw this.invalid(`has a member whose path leaves its directory (${shown})`);
    if (parts.length === 0) throw this.invalid('has a member without a name');
    return parts;
  }

  private belongsTo(directory: string): boolean {
    const dash = directory.lastIndexOf('-');
    if (dash <= 0) return false;
    return normalizeProjectName(directory.slice(0, dash)) === this.name && canonicalizeVersion(directory.slice(dash + 1)) === this.version;
  }
}

async function readTarGz(path: string, layout: SdistLayout, limits: typeof sdistLimits, invalid: (why: string) => HttpError): Promise<void> {
  const reader = new TarReader(
    { maxEntries: limits.maxEntries, maxHeaderDataBytes: limits.maxHeaderDataBytes },
    (entry) => {
      const kind = entry.type === '0' ? 'file' : entry.type === '5' ? 'directory' : entry.type === '2' ? 'symlink' : entry.type === '1' ? 'hardlink' : 'other';
      return layout.member(entry.name, kind, entry.linkName) ? { maxBytes: limits.maxPkgInfoBytes } : null;
    },
    (_entry, data) => layout.setPkgInfo(data),
  );
  let uncompressed = 0;
  const file = createReadStream(path);
  const gunzip = createGunzip();
  file.once('error', (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  try {
    // Leaving the loop (a refusal, an error) destroys gunzip; the file is closed in finally.
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      uncompressed += chunk.length;
      if (uncompressed > limits.maxUncompressedBytes) throw invalid(`is larger than ${limits.maxUncompressedBytes / (1024 * 1024)} MiB once decompressed`);
      reader.write(chunk);
    }
    reader.end();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof TarFormatError) throw invalid(`is not a readable tar archive: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) throw invalid('is not a readable gzip file');
    throw error;
  } finally {
    file.unpipe(gunzip);
    file.destroy();
  }
}

async function readZip(path: string, layout: SdistLayout, limits: typeof sdistLimits, invalid: (why: string) => HttpError): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true });
  } catch {
    throw invalid('is not a zip archive');
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw invalid(`has more than ${limits.maxEntries} members`);
    let uncompressed = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        uncompressed += entry.uncompressedSize;
        if (uncompressed > limits.maxUncompressedBytes) throw invalid(`is larger than ${limits.maxUncompressedBytes / (1024 * 1024)} MiB once decompressed`);
        const isDirectory = entry.fileName.endsWith('/');
        if (!layout.member(entry.fileName, isDirectory ? 'directory' : 'file')) continue;
        if (entry.isEncrypted() || !entry.canDecodeFileData()) throw invalid('has a PKG-INFO that cannot be read (encrypted or unknown compression)');
        if (entry.uncompressedSize > limits.maxPkgInfoBytes) throw invalid(`has a PKG-INFO over ${limits.maxPkgInfoBytes / (1024 * 1024)} MiB`);
        const chunks: Buffer[] = [];
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
        layout.setPkgInfo(Buffer.concat(chunks));
      }
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw invalid('is a damaged zip archive');
    }
  } finally {
    zip.close();
  }
}
