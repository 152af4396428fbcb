import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';

/** METADATA holds the long description (the README): generous, but bounded so a zip bomb cannot exhaust memory. */
export const maxWheelMetadataBytes = 16 * 1024 * 1024;

/**
 * The bytes of the wheel's `{name}-{version}.dist-info/METADATA` (PEP 658 serves them as they are), read with yauzl
 * from the wheel at `path`. `name` and `version` are the project's normalized name and canonical version: the
 * .dist-info directory must belong to them. A 400 when the file is not a zip, has no such METADATA, or it is too big.
 */
export async function extractWheelMetadata(path: string, filename: string, name: string, version: string): Promise<Buffer> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw new HttpError(400, 'invalid_distribution', `Invalid distribution file: '${filename}' is not a zip archive.`);
  }
  try {
    const candidates: Entry[] = [];
    try {
      for await (const entry of zip.eachEntry()) {
        const match = /^([^/]+)\.dist-info\/METADATA$/.exec(entry.fileName);
        if (match && belongsTo(match[1]!, name, version)) candidates.push(entry);
      }
    } catch {
      throw new HttpError(400, 'invalid_distribution', `Invalid distribution file: '${filename}' is a damaged zip archive.`);
    }
    const expected = `${name.replace(/-/g, '_')}-${version}.dist-info/METADATA`;
    if (candidates.length !== 1) {
      throw new HttpError(400, 'invalid_distribution', `Wheel '${filename}' does not contain ${candidates.length === 0 ? 'the' : 'exactly one'} required METADATA file: ${expected}`);
    }
    const entry = candidates[0]!;
    if (entry.isEncrypted() || !entry.canDecodeFileData()) {
      throw new HttpError(400, 'invalid_distribution', `Wheel '${filename}' has a METADATA file that cannot be read (encrypted or unknown compression).`);
    }
    if (entry.uncompressedSize > maxWheelMetadataBytes) {
      throw new HttpError(400, 'invalid_distribution', `Wheel '${filename}' has a METADATA file over ${maxWheelMetadataBytes / (1024 * 1024)} MiB.`);
    }
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        size += (chunk as Buffer).length;
        // validateEntrySizes stops a stream that outgrows its declared size; this is a second bound.
        if (size > maxWheelMetadataBytes) throw new Error('METADATA larger than declared');
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    } catch {
      throw new HttpError(400, 'invalid_distribution', `Invalid distribution file: the METADATA of '${filename}' cannot be decompressed.`);
    }
  } finally {
    zip.close();
  }
}

/** Whether a .dist-info directory's `{name}-{version}` stem names this project and version. */
function belongsTo(stem: string, name: string, version: string): boolean {
  const dash = stem.lastIndexOf('-');
  if (dash <= 0) return false;
  return normalizeProjectName(stem.slice(0, dash)) === name && canonicalizeVersion(stem.slice(dash + 1)) === version;
}
