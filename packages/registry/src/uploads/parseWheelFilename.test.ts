import { describe, expect, it } from 'vitest';
import { parseWheelFilename } from './parseWheelFilename.js';

describe('parseWheelFilename', () => {
  it('splits names with and without a build tag', () => {
    expect(parseWheelFilename('my_pkg-1.0-py3-none-any.whl')).toEqual({ name: 'my_pkg', version: '1.0', build: null, pythonTag: 'py3', abiTag: 'none', platformTag: 'any' });
    expect(parseWheelFilename('Zope.Interface-5.4.0-1abc-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).toEqual({
      name: 'Zope.Interface',
      version: '5.4.0',
      build: '1abc',
      pythonTag: 'cp311',
      abiTag: 'cp311',
      platformTag: 'manylinux_2_17_x86_64.manylinux2014_x86_64',
    });
    expect(parseWheelFilename('pkg-2.0-py2.py3-none-any.whl')?.pythonTag).toBe('py2.py3');
  });

  it('refuses what is not a well-formed wheel filename', () => {
    for (const filename of [
      'pkg-1.0.tar.gz',
      'pkg-1.0-py3-none.whl',
      'pkg-1.0-1-2-py3-none-any.whl',
      'my-pkg-1.0-py3-none-any.whl'.replace('my-pkg-1.0', 'my-pkg-x-1.0'),
      'pkg-1.0-x1-py3-none-any.whl',
      'my__pkg-1.0-py3-none-any.whl',
      'pk g-1.0-py3-none-any.whl',
      '-1.0-py3-none-any.whl',
      'pkg--py3-none-any.whl',
      'pkg-1.0-py3-none-.whl',
      'pkg-1.0-py3-none-any..x.whl',
      '../pkg-1.0-py3-none-any.whl',
    ]) {
      expect(parseWheelFilename(filename), filename).toBeNull();
    }
  });
});
