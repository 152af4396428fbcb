import { describe, expect, it } from 'vitest';
import { parseSdistFilename } from './parseSdistFilename.js';

describe('parseSdistFilename', () => {
  it('splits at the last dash', () => {
    expect(parseSdistFilename('my_pkg-1.0.tar.gz')).toEqual({ name: 'my_pkg', version: '1.0', extension: '.tar.gz' });
    expect(parseSdistFilename('my-pkg-1.0rc1.zip')).toEqual({ name: 'my-pkg', version: '1.0rc1', extension: '.zip' });
  });

  it('refuses other extensions and missing parts', () => {
    for (const filename of ['pkg-1.0.tar.bz2', 'pkg-1.0.whl', 'pkg.tar.gz', '-1.0.tar.gz', 'pkg-.tar.gz', '.tar.gz']) {
      expect(parseSdistFilename(filename), filename).toBeNull();
    }
  });
});
