import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import { checkCoreMetadataAgrees } from './checkCoreMetadataAgrees.js';
import { parseCoreMetadata } from './parseCoreMetadata.js';
import type { UploadMetadata } from './UploadMetadata.js';

const form: UploadMetadata = {
  name: 'My.Pkg',
  normalizedName: 'my-pkg',
  version: '1.0-RC1',
  canonicalVersion: '1.0rc1',
  filetype: 'bdist_wheel',
  pyversion: 'py3',
  metadataVersion: '2.1',
  summary: null,
  requiresPython: '>=3.8,<4',
  sha256: 'a'.repeat(64),
  md5: null,
  blake2_256: null,
};

const check = (text: string) => () => checkCoreMetadataAgrees(parseCoreMetadata(Buffer.from(text)), form, 'METADATA', { requiresPython: true });

describe('parseCoreMetadata', () => {
  it('reads header fields up to the body, repeated fields and folded lines, case-insensitively', () => {
    const fields = parseCoreMetadata(Buffer.from('Metadata-Version: 2.1\r\nname: x\nClassifier: A\nClassifier: B\nLicense: line one\n  line two\n\nName: not a header\n'));
    expect(fields.get('name')).toEqual(['x']);
    expect(fields.get('classifier')).toEqual(['A', 'B']);
    expect(fields.get('license')).toEqual(['line one\nline two']);
  });
});

describe('checkCoreMetadataAgrees', () => {
  it('accepts another spelling of the same name, version and specifiers', () => {
    expect(check('Name: my_PKG\nVersion: 1.0rc1\nRequires-Python: <4, >= 3.8\n')).not.toThrow();
  });

  it.each([
    ['Name: other\nVersion: 1.0rc1\nRequires-Python: >=3.8,<4\n', /^Name in METADATA \('other'\) does not match the Name of the upload form \('My\.Pkg'\)/],
    ['Name: my-pkg\nVersion: 1.0\nRequires-Python: >=3.8,<4\n', /^Version in METADATA \('1\.0'\)/],
    ['Name: my-pkg\nVersion: 1.0rc1\n', /^Requires-Python in METADATA \(absent\)/],
    ['Name: my-pkg\nVersion: 1.0rc1\nRequires-Python: >=3.9\n', /^Requires-Python in METADATA \('>=3\.9'\)/],
    ['Name: my-pkg\nName: my-pkg\nVersion: 1.0rc1\n', /more than one Name/],
  ])('refuses %j with a 400 naming the field', (text, message) => {
    const error = (() => {
      try {
        check(text)();
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toMatch(message);
  });
});
