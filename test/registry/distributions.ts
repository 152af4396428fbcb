import { createHash } from 'node:crypto';
import { blake2b256Hex } from '../support/blake2b256Hex.js';
import { tarGzArchive } from '../support/tarGzArchive.js';
import { zipArchive } from '../support/zipArchive.js';

/** A distribution file as twine would upload it: its name, bytes, and the metadata twine reads from it. */
export interface Distribution {
  filename: string;
  bytes: Buffer;
  name: string;
  version: string;
  filetype: 'sdist' | 'bdist_wheel';
  /** What twine sends as pyversion ('' for sdists, which requests sends for None). */
  pyversion: string;
  /** The core metadata file inside (PKG-INFO / METADATA). */
  metadata: string;
}

export function coreMetadata(name: string, version: string, summary = `The ${name} package`): string {
  return `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: ${summary}\nRequires-Python: >=3.8\n\n# ${name}\n\nA test package.\n`;
}

/** An sdist `{name_with_underscores}-{version}.tar.gz` holding PKG-INFO (as setuptools makes them). */
export function sdistOf(name: string, version: string, extra = ''): Distribution {
  const stem = `${name.replace(/[-_.]+/g, '_').toLowerCase()}-${version}`;
  const metadata = coreMetadata(name, version);
  const bytes = tarGzArchive([
    { name: `${stem}/PKG-INFO`, data: metadata },
    { name: `${stem}/setup.py`, data: `from setuptools import setup\nsetup()\n# ${extra}\n` },
  ]);
  return { filename: `${stem}.tar.gz`, bytes, name, version, filetype: 'sdist', pyversion: '', metadata };
}

/** A wheel `{name_with_underscores}-{version}[-{build}]-{tags}.whl` with its .dist-info. */
export function wheelOf(name: string, version: string, options: { tags?: string; build?: string; extra?: string } = {}): Distribution {
  const escaped = name.replace(/[-_.]+/g, '_').toLowerCase();
  const tags = options.tags ?? 'py3-none-any';
  const metadata = coreMetadata(name, version);
  const distInfo = `${escaped}-${version}.dist-info`;
  const bytes = zipArchive([
    { name: `${escaped}/__init__.py`, data: `VALUE = ${JSON.stringify(options.extra ?? 'x')}\n` },
    { name: `${distInfo}/METADATA`, data: metadata },
    { name: `${distInfo}/WHEEL`, data: `Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: ${tags}\n` },
    { name: `${distInfo}/RECORD`, data: '' },
  ]);
  const filename = `${escaped}-${version}${options.build ? `-${options.build}` : ''}-${tags}.whl`;
  return { filename, bytes, name, version, filetype: 'bdist_wheel', pyversion: tags.split('-')[0]!, metadata };
}

export function digestsOf(bytes: Uint8Array): { sha256: string; md5: string; blake2_256: string } {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    blake2_256: blake2b256Hex(bytes),
  };
}

/** A wheel of `name` and `version` (its filename and .dist-info) whose METADATA is `metadata`, whatever it says. */
export function wheelWithMetadata(name: string, version: string, metadata: string): Distribution {
  const escaped = name.replace(/[-_.]+/g, '_').toLowerCase();
  const distInfo = `${escaped}-${version}.dist-info`;
  const bytes = zipArchive([
    { name: `${escaped}/__init__.py`, data: 'VALUE = 1\n' },
    { name: `${distInfo}/METADATA`, data: metadata },
    { name: `${distInfo}/WHEEL`, data: 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n' },
    { name: `${distInfo}/RECORD`, data: '' },
  ]);
  return { filename: `${escaped}-${version}-py3-none-any.whl`, bytes, name, version, filetype: 'bdist_wheel', pyversion: 'py3', metadata };
}

/**
 * An sdist named `{name_with_underscores}-{version}.tar.gz` (or .zip) whose bytes are `bytes`, or the archive of
 * `members` (names as given: the test chooses the layout).
 */
export function sdistWith(name: string, version: string, content: { members: ReadonlyArray<{ name: string; data: string }>; zip?: boolean } | { bytes: Buffer; zip?: boolean }): Distribution {
  const stem = `${name.replace(/[-_.]+/g, '_').toLowerCase()}-${version}`;
  const bytes = 'bytes' in content ? content.bytes : content.zip ? zipArchive(content.members) : tarGzArchive(content.members);
  return { filename: `${stem}${content.zip ? '.zip' : '.tar.gz'}`, bytes, name, version, filetype: 'sdist', pyversion: '', metadata: '' };
}
