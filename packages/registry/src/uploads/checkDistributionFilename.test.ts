import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import type { UploadMetadata } from './UploadMetadata.js';
import { checkDistributionFilename } from './checkDistributionFilename.js';

const metadata = (filetype: 'sdist' | 'bdist_wheel', overrides: Partial<UploadMetadata> = {}): UploadMetadata => ({
  name: 'My.Pkg',
  normalizedName: 'my-pkg',
  version: '1.0.0rc1',
  canonicalVersion: '1.0.0rc1',
  filetype,
  pyversion: filetype === 'sdist' ? 'source' : 'py3',
  metadataVersion: '2.1',
  summary: null,
  requiresPython: null,
  sha256: '0'.repeat(64),
  md5: null,
  blake2_256: null,
  ...overrides,
});

function refusal(filename: string, upload: UploadMetadata): HttpError {
  try {
    checkDistributionFilename(filename, upload);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`expected ${filename} to be refused`);
}

describe('checkDistributionFilename', () => {
  it('accepts sdists named the PEP 625 way and the older setuptools way', () => {
    for (const filename of ['my_pkg-1.0.0rc1.tar.gz', 'My.Pkg-1.0.0rc1.tar.gz', 'my-pkg-1.0.0rc1.zip', 'MY_PKG-1.0.0.RC1.zip']) {
      expect(checkDistributionFilename(filename, metadata('sdist')), filename).toEqual({ packagetype: 'sdist', pythonVersion: 'source', wheel: null });
    }
  });

  it('accepts wheels of the project and version, with their python tag', () => {
    const checked = checkDistributionFilename('my_pkg-1.0.0rc1-2-py2.py3-none-any.whl', metadata('bdist_wheel'));
    expect(checked.packagetype).toBe('bdist_wheel');
    expect(checked.pythonVersion).toBe('py2.py3');
    expect(checked.wheel?.build).toBe('2');
  });

  it('refuses path separators and traversal', () => {
    for (const filename of ['../my_pkg-1.0.0rc1.tar.gz', 'dir/my_pkg-1.0.0rc1.tar.gz', '..\\my_pkg-1.0.0rc1.tar.gz', '/etc/my_pkg-1.0.0rc1.tar.gz']) {
      expect(refusal(filename, metadata('sdist')).message, filename).toBe("Cannot upload a file with '/' or '\\' in the name.");
    }
    expect(refusal('..', metadata('sdist')).message).toMatch(/Invalid file extension/);
    expect(refusal('my pkg-1.0.0rc1.tar.gz', metadata('sdist')).message).toMatch(/Invalid filename/);
    expect(refusal('my_pkg-1.0.0rc1.tar.gz\0.whl', metadata('sdist')).message).toMatch(/Invalid filename/);
  });

  it('refuses other extensions and a filetype that does not match the extension', () => {
    expect(refusal('my_pkg-1.0.0rc1.tar.bz2', metadata('sdist')).message).toMatch(/^Invalid file extension: Use .tar.gz, .whl or .zip extension/);
    expect(refusal('my_pkg-1.0.0rc1.egg', metadata('sdist')).message).toMatch(/^Invalid file extension/);
    expect(refusal('my_pkg-1.0.0rc1-py3-none-any.whl', metadata('sdist')).message).toMatch(/filetype 'sdist'/);
    expect(refusal('my_pkg-1.0.0rc1.tar.gz', metadata('bdist_wheel')).message).toMatch(/filetype 'bdist_wheel'/);
  });

  it("refuses a file of another project or version, in PyPI's words", () => {
    expect(refusal('other-1.0.0rc1.tar.gz', metadata('sdist')).message).toBe("Start filename for 'My.Pkg' with 'my_pkg'.");
    expect(refusal('my_pkg_extra-1.0.0rc1-py3-none-any.whl', metadata('bdist_wheel')).message).toBe("Start filename for 'My.Pkg' with 'my_pkg'.");
    expect(refusal('my_pkg-1.0.0.tar.gz', metadata('sdist')).message).toMatch(/^Version in filename should be '1.0.0rc1' not '1.0.0'/);
    expect(refusal('my_pkg-2.0-py3-none-any.whl', metadata('bdist_wheel')).message).toMatch(/^Version in filename should be '1.0.0rc1' not '2.0'/);
    expect(refusal('my_pkg-1.0.0rc1-py3-none.whl', metadata('bdist_wheel')).message).toMatch(/^Invalid wheel filename/);
  });
});
