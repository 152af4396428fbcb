import type { IndexPage } from './IndexPage.js';

export interface IndexPageCacheOptions {
  /** Most pages kept (default 1000). */
  maxEntries?: number;
  /** Most body bytes kept (default 64 MiB); a larger page is not kept at all. */
  maxBytes?: number;
}

/** null: the root list (/simple/); otherwise a normalized project name. */
export type IndexPageSubject = string | null;

/** What a lookup finds: a page, `null` for a project known not to exist (404), undefined when nothing is cached. */
export type CachedIndexPage = IndexPage | null;

interface Entry {
  subject: string;
  page: CachedIndexPage;
}

/**
 * Rendered pages of the index (the Simple API's and the JSON API's) by subject (a project, or the root list) and view
 * (a format, an API and its public URL, ...), least recently used evicted first, so that a hit costs no database
 * query. A change to a project drops every view of it at once. Pages read from the database are stored with the
 * `version()` taken before the read: if anything was invalidated meanwhile the read may predate the change, and it
 * is not stored.
 */
export class IndexPageCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  readonly #pages = new Map<string, Entry>();
  readonly #keysBySubject = new Map<string, Set<string>>();
  #bytes = 0;
  #version = 0;

  constructor(options: IndexPageCacheOptions = {}) {
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

  get(subject: IndexPageSubject, view: string): CachedIndexPage | undefined {
    const key = keyOf(subject, view);
    const entry = this.#pages.get(key);
    if (entry === undefined) return undefined;
    this.#pages.delete(key);
    this.#pages.set(key, entry);
    return entry.page;
  }

  /** Keeps `page`, read from the database after version() answered `version`, unless something was invalidated since. */
  set(subject: IndexPageSubject, view: string, page: CachedIndexPage, version: number): void {
    if (version !== this.#version) return;
    const size = page?.body.length ?? 0;
    if (size > this.maxBytes) return;
    const key = keyOf(subject, view);
    this.#remove(key);
    const subjectKey = subjectKeyOf(subject);
    this.#pages.set(key, { subject: subjectKey, page });
    let keys = this.#keysBySubject.get(subjectKey);
    if (keys === undefined) this.#keysBySubject.set(subjectKey, (keys = new Set()));
    keys.add(key);
    this.#bytes += size;
    for (const [oldest] of this.#pages) {
      if (this.#pages.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#remove(oldest);
    }
  }

  /** A project's files changed: every view of it goes, and of the root (its list and last serial change too). */
  invalidate(normalizedName: string): void {
    this.#version++;
    for (const subject of [subjectKeyOf(normalizedName), subjectKeyOf(null)]) {
      for (const key of this.#keysBySubject.get(subject) ?? []) this.#remove(key);
    }
  }

  /** Anything may have changed: every page goes. */
  clear(): void {
    this.#version++;
    this.#pages.clear();
    this.#keysBySubject.clear();
    this.#bytes = 0;
  }

  #remove(key: string): void {
    const entry = this.#pages.get(key);
    if (entry === undefined) return;
    this.#pages.delete(key);
    const keys = this.#keysBySubject.get(entry.subject);
    keys?.delete(key);
    if (keys?.size === 0) this.#keysBySubject.delete(entry.subject);
    this.#bytes -= entry.page?.body.length ?? 0;
  }
}

// Normalized names never contain '/' or a space, so neither the root nor the two parts of a key can be confused.
function subjectKeyOf(subject: IndexPageSubject): string {
  return subject ?? '/';
}

function keyOf(subject: IndexPageSubject, view: string): string {
  return `${subjectKeyOf(subject)} ${view}`;
}
