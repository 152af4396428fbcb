import type { SimpleFormat } from './SimpleFormat.js';
import type { SimplePage } from './SimplePage.js';
import { SimpleFormat as formats } from './SimpleFormat.js';

export interface SimplePageCacheOptions {
  /** Most pages kept (default 1000). */
  maxEntries?: number;
  /** Most body bytes kept (default 64 MiB); a larger page is not kept at all. */
  maxBytes?: number;
}

/** null: the root list (/simple/); otherwise a normalized project name. */
export type SimplePageSubject = string | null;

/** What a lookup finds: a page, `null` for a project known not to exist (404), undefined when nothing is cached. */
export type CachedSimplePage = SimplePage | null;

/**
 * Rendered Simple API pages by (project or root, format), least recently used evicted first, so that a hit costs no
 * database query. Pages read from the database are stored with the `version()` taken before the read: if anything
 * was invalidated meanwhile the read may predate the change, and it is not stored.
 */
export class SimplePageCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  readonly #pages = new Map<string, CachedSimplePage>();
  #bytes = 0;
  #version = 0;

  constructor(options: SimplePageCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  /** Pages held. */
  get size(): number {
    return this.#pages.size;
  }

  /** Body bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Grows with every invalidation: pass the value taken before a database read to set(). */
  version(): number {
    return this.#version;
  }

  get(subject: SimplePageSubject, format: SimpleFormat): CachedSimplePage | undefined {
    const key = keyOf(subject, format);
    const page = this.#pages.get(key);
    if (page === undefined) return undefined;
    this.#pages.delete(key);
    this.#pages.set(key, page);
    return page;
  }

  /** Keeps `page`, read from the database after version() answered `version`, unless something was invalidated since. */
  set(subject: SimplePageSubject, format: SimpleFormat, page: CachedSimplePage, version: number): void {
    if (version !== this.#version) return;
    const size = page?.body.length ?? 0;
    if (size > this.maxBytes) return;
    const key = keyOf(subject, format);
    this.#remove(key);
    this.#pages.set(key, page);
    this.#bytes += size;
    for (const [oldest] of this.#pages) {
      if (this.#pages.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#remove(oldest);
    }
  }

  /** A project's files changed: its pages go, and the root's (its list and last serial change with every upload). */
  invalidate(normalizedName: string): void {
    this.#version++;
    for (const format of Object.values(formats)) {
      this.#remove(keyOf(normalizedName, format));
      this.#remove(keyOf(null, format));
    }
  }

  /** Anything may have changed: every page goes. */
  clear(): void {
    this.#version++;
    this.#pages.clear();
    this.#bytes = 0;
  }

  #remove(key: string): void {
    const page = this.#pages.get(key);
    if (page === undefined) return;
    this.#pages.delete(key);
    this.#bytes -= page?.body.length ?? 0;
  }
}

function keyOf(subject: SimplePageSubject, format: SimpleFormat): string {
  // Normalized names never contain a space, so the two parts cannot run together ambiguously.
  return subject === null ? `/ ${format}` : `${subject} ${format}`;
}
