import { describe, expect, it } from 'vitest';
import type { IndexedFile, IndexedRelease } from './ProjectIndex.js';
import { renderProjectJson } from './renderProjectJson.js';

const sha = (digit: string) => digit.repeat(64);
const releases: IndexedRelease[] = [
  { id: 1, version: '1.0', canonicalVersion: '1.0', requiresPython: null, summary: null, yanked: false, yankedReason: null, createdAt: new Date(0) },
  { id: 2, version: '2.0-RC1', canonicalVersion: '2.0rc1', requiresPython: null, summary: null, yanked: true, yankedReason: '', createdAt: new Date(0) },
];
const file = (overrides: Partial<IndexedFile>): IndexedFile => ({
  id: 1, release: releases[0]!, filename: 'tiny-1.0.tar.gz', packagetype: 'sdist', pythonVersion: 'source', size: 10, sha256: sha('a'), md5: '0'.repeat(32),
  blake2_256: sha('0'), metadataSha256: null, requiresPython: null, uploadedAt: new Date('2024-01-02T03:04:05.678Z'), yanked: false, yankedReason: null,
  ...overrides,
});

describe('renderProjectJson', () => {
  it('renders PEP 691 with PEP 700 fields and PEP 714 core-metadata', () => {
    const document = renderProjectJson({
      id: 7, name: 'Tiny_Project', normalizedName: 'tiny-project', releases, lastSerial: 9,
      files: [
        file({ requiresPython: '>=3.8' }),
        file({ id: 9, release: releases[1]!, filename: 'tiny-2.0rc1-py3-none-any.whl', packagetype: 'bdist_wheel', size: 1234, sha256: sha('b'), metadataSha256: sha('c'), yanked: true }),
        file({ id: 5, filename: 'tiny-1.0-py3-none-any.whl', sha256: sha('d'), yanked: true, yankedReason: 'bad build' }),
      ],
    });
    expect(document).toEqual({
      meta: { 'api-version': '1.1', '_last-serial': 9 },
      name: 'tiny-project',
      versions: ['1.0', '2.0-RC1'],
      files: [
        {
          filename: 'tiny-1.0.tar.gz', url: `../../files/aa/aa/${sha('a')}/tiny-1.0.tar.gz`, hashes: { sha256: sha('a') }, 'requires-python': '>=3.8',
          'core-metadata': false, yanked: false, size: 10, 'upload-time': '2024-01-02T03:04:05.678Z',
        },
        {
          filename: 'tiny-2.0rc1-py3-none-any.whl', url: `../../files/bb/bb/${sha('b')}/tiny-2.0rc1-py3-none-any.whl`, hashes: { sha256: sha('b') },
          'core-metadata': { sha256: sha('c') }, yanked: true, size: 1234, 'upload-time': '2024-01-02T03:04:05.678Z',
        },
        {
          filename: 'tiny-1.0-py3-none-any.whl', url: `../../files/dd/dd/${sha('d')}/tiny-1.0-py3-none-any.whl`, hashes: { sha256: sha('d') },
          'core-metadata': false, yanked: 'bad build', size: 10, 'upload-time': '2024-01-02T03:04:05.678Z',
        },
      ],
    });
    expect(JSON.stringify(document)).not.toContain('dist-info-metadata');
  });
});
