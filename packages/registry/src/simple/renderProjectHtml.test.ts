import { describe, expect, it } from 'vitest';
import type { IndexedFile, IndexedRelease, ProjectIndex } from './ProjectIndex.js';
import { renderProjectHtml } from './renderProjectHtml.js';

const sha = (digit: string) => digit.repeat(64);
const release: IndexedRelease = {
  id: 1, version: '1.0', canonicalVersion: '1.0', requiresPython: '>=3.8', summary: null, yanked: false, yankedReason: null, createdAt: new Date(0),
};
const file = (overrides: Partial<IndexedFile>): IndexedFile => ({
  id: 1, release, filename: 'tiny-1.0.tar.gz', packagetype: 'sdist', pythonVersion: 'source', size: 10, sha256: sha('a'), md5: '0'.repeat(32),
  blake2_256: sha('0'), metadataSha256: null, requiresPython: null, uploadedAt: new Date(0), yanked: false, yankedReason: null, ...overrides,
});

describe('renderProjectHtml', () => {
  it('links each file relative to the page with its hash, escaping attributes and text', () => {
    const index: ProjectIndex = {
      id: 1, name: 'Tiny<script>', normalizedName: 'tiny-script', releases: [release], lastSerial: 2,
      files: [
        file({ requiresPython: '>=3.8,<4' }),
        file({ id: 2, filename: 'tiny-1.0-py3-none-any.whl', sha256: sha('b'), metadataSha256: sha('c'), yanked: true, yankedReason: 'broken "quote" & <tag>' }),
        file({ id: 3, filename: 'tiny-1.0+x.zip', sha256: sha('d'), yanked: true }),
      ],
    };
    const html = renderProjectHtml(index);
    expect(html).toContain('<meta name="pypi:repository-version" content="1.1">');
    expect(html).toContain('<title>Links for Tiny&lt;script&gt;</title>');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`<a href="../../files/aa/aa/${sha('a')}/tiny-1.0.tar.gz#sha256=${sha('a')}" data-requires-python="&gt;=3.8,&lt;4">tiny-1.0.tar.gz</a><br>`);
    expect(html).toContain(
      `<a href="../../files/bb/bb/${sha('b')}/tiny-1.0-py3-none-any.whl#sha256=${sha('b')}" data-dist-info-metadata="sha256=${sha('c')}" ` +
        `data-core-metadata="sha256=${sha('c')}" data-yanked="broken &quot;quote&quot; &amp; &lt;tag&gt;">tiny-1.0-py3-none-any.whl</a><br>`,
    );
    expect(html).toContain(`<a href="../../files/dd/dd/${sha('d')}/tiny-1.0%2Bx.zip#sha256=${sha('d')}" data-yanked="">tiny-1.0+x.zip</a>`);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('renders a project without files as a page without links', () => {
    const html = renderProjectHtml({ id: 1, name: 'empty', normalizedName: 'empty', releases: [], files: [], lastSerial: 0 });
    expect(html).not.toContain('<a ');
    expect(html).toContain('<h1>Links for empty</h1>');
  });
});
