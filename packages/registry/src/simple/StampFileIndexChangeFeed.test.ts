import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderIndexPage } from './renderIndexPage.js';
import { SimpleFormat } from './SimpleFormat.js';
import { IndexPageCache } from './IndexPageCache.js';
import { StampFileIndexChangeFeed } from './StampFileIndexChangeFeed.js';

const html = SimpleFormat.textHtml;

describe('StampFileIndexChangeFeed', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  /** Two "processes" (feed + cache) on one stamp file. */
  function two() {
    const directory = mkdtempSync(join(tmpdir(), 'keybridge-stamp-'));
    directories.push(directory);
    const stampPath = join(directory, 'registry.sqlite3-index-stamp');
    const open = () => {
      const cache = new IndexPageCache();
      return { cache, feed: new StampFileIndexChangeFeed(stampPath, cache) };
    };
    return { stampPath, a: open(), b: open() };
  }

  it("drops every page of a process when another commits a change, however quickly changes follow each other", () => {
    const { a, b } = two();
    for (let change = 0; change < 50; change++) {
      expect(b.feed.isCurrent()).toBe(true);
      b.cache.set('p', html, renderIndexPage(`page ${change}`, change), b.cache.version());
      b.cache.set('other', html, renderIndexPage('other', change), b.cache.version());
      expect(b.feed.isCurrent()).toBe(true);
      expect(b.cache.size).toBe(2);
      void a.feed.committed({ normalizedName: 'p', id: '' });
      expect(b.feed.isCurrent()).toBe(true);
      expect(b.cache.size).toBe(0);
    }
  });

  it("drops the committing process's own pages of the project at once", async () => {
    const { a } = two();
    a.cache.set('p', html, renderIndexPage('old', 1), a.cache.version());
    await a.feed.committed({ normalizedName: 'p', id: '' });
    expect(a.cache.get('p', html)).toBeUndefined();
  });

  it('caches nothing while the stamp file is missing, and again once a writer recreates it', async () => {
    const { stampPath, a, b } = two();
    rmSync(stampPath);
    expect(b.feed.isCurrent()).toBe(false);
    expect(b.feed.isCurrent()).toBe(false);
    await a.feed.committed({ normalizedName: 'p', id: '' });
    expect(b.feed.isCurrent()).toBe(true);
  });
});
