import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import { readUploadMetadata } from './readUploadMetadata.js';

const sha256 = 'a'.repeat(64);
function fieldsOf(overrides: Record<string, string | string[] | undefined> = {}): Map<string, string[]> {
  const base: Record<string, string | string[] | undefined> = {
    ':action': 'file_upload',
    protocol_version: '1',
    name: 'My-Pkg',
    version: '1.0.0',
    filetype: 'sdist',
    pyversion: '',
    metadata_version: '2.1',
    summary: 'A package',
    requires_python: '>=3.8',
    sha256_digest: sha256.toUpperCase(),
    md5_digest: 'b'.repeat(32),
    blake2_256_digest: 'c'.repeat(64),
    classifiers: ['A :: B', 'C :: D'],
    ...overrides,
  };
  const fields = new Map<string, string[]>();
  for (const [key, value] of Object.entries(base)) if (value !== undefined) fields.set(key, Array.isArray(value) ? value : [value]);
  return fields;
}

function refusal(overrides: Record<string, string | string[] | undefined>): HttpError {
  try {
    readUploadMetadata(fieldsOf(overrides));
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readUploadMetadata', () => {
  it('reads what twine sends, normalizing name, version and digests', () => {
    expect(readUploadMetadata(fieldsOf({ version: '1.0-RC1' }))).toEqual({
      name: 'My-Pkg',
      normalizedName: 'my-pkg',
      version: '1.0-RC1',
      canonicalVersion: '1.0rc1',
      filetype: 'sdist',
      pyversion: 'source',
      metadataVersion: '2.1',
      summary: 'A package',
      requiresPython: '>=3.8',
      sha256,
      md5: 'b'.repeat(32),
      blake2_256: 'c'.repeat(64),
    });
  });

  it('treats empty fields as absent (requests sends None as an empty part)', () => {
    const metadata = readUploadMetadata(fieldsOf({ summary: '', requires_python: '', md5_digest: '', blake2_256_digest: '', protocol_version: '' }));
    expect(metadata).toMatchObject({ summary: null, requiresPython: null, md5: null, blake2_256: null });
  });

  it('requires a python version for wheels and refuses one other than source for sdists', () => {
    expect(readUploadMetadata(fieldsOf({ filetype: 'bdist_wheel', pyversion: 'py3' })).pyversion).toBe('py3');
    expect(refusal({ filetype: 'bdist_wheel', pyversion: '' }).message).toMatch(/pyversion/);
    expect(refusal({ pyversion: 'py3' }).message).toMatch(/Use 'source' as Python version for an sdist/);
  });

  it('refuses each missing required field by name', () => {
    for (const field of [':action', 'name', 'version', 'filetype', 'metadata_version', 'sha256_digest']) {
      const error = refusal({ [field]: undefined });
      expect(error.status, field).toBe(400);
      expect(error.message, field).toContain(`'${field}'`);
    }
  });

  it('refuses bad values with a 400 naming the field', () => {
    const cases: Array<[Record<string, string | string[]>, RegExp]> = [
      [{ name: '../evil' }, /invalid value for Name/],
      [{ name: '-pkg' }, /invalid value for Name/],
      [{ version: 'one.two' }, /invalid value for Version/],
      [{ version: '1.0 ' }, /invalid value for Version/],
      [{ filetype: 'bdist_egg' }, /invalid value for filetype/],
      [{ metadata_version: '9.9' }, /invalid value for Metadata-Version/],
      [{ summary: 'two\nlines' }, /invalid value for Summary/],
      [{ summary: 'x'.repeat(513) }, /invalid value for Summary/],
      [{ requires_python: '>=3.8,' }, /invalid value for Requires-Python/],
      [{ sha256_digest: 'abc' }, /invalid value for sha256_digest/],
      [{ md5_digest: 'z'.repeat(32) }, /invalid value for md5_digest/],
      [{ blake2_256_digest: 'c'.repeat(63) }, /invalid value for blake2_256_digest/],
      [{ name: ['a', 'b'] }, /'name' was sent more than once/],
      [{ protocol_version: '2' }, /Unknown protocol version/],
      [{ ':action': 'remove_pkg' }, /Unknown action/],
    ];
    for (const [overrides, message] of cases) {
      const error = refusal(overrides);
      expect(error.status, JSON.stringify(overrides)).toBe(400);
      expect(error.message, JSON.stringify(overrides)).toMatch(message);
    }
  });

  it('answers 410 to the retired register action', () => {
    expect(refusal({ ':action': 'submit' }).status).toBe(410);
  });
});
