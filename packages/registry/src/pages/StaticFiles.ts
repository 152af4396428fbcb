import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registryPackagePath } from './registryPackagePath.js';

/** One file served under /static/. */
export interface StaticFile {
  bytes: Buffer;
  contentType: string;
  /** Strong ETag of the bytes. */
  etag: string;
  /** A short digest of the bytes: the `v` query of URLs that may be cached for good. */
  version: string;
}

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The files under /static/, read once into memory: the package's own static/ folder (CSS, plain JS modules) and,
 * under vendor/simplewebauthn/, @simplewebauthn/browser's ESM build from node_modules (the WebAuthn ceremonies'
 * module, imported by the account pages' scripts). Only files found here are served: no path from a request ever
 * reaches the file system.
 */
export class StaticFiles {
  private readonly files = new Map<string, StaticFile>();

  constructor() {
    this.addDirectory(registryPackagePath('static'), '');
    // import.meta.resolve gives the package's ESM entry (esm/index.js): its folder holds the whole module graph.
    const simplewebauthn = dirname(fileURLToPath(import.meta.resolve('@simplewebauthn/browser')));
    this.addDirectory(simplewebauthn, 'vendor/simplewebauthn/');
  }

  /** The file at `path` (relative to /static/, no leading slash), or undefined. */
  get(path: string): StaticFile | undefined {
    return this.files.get(path);
  }

  /** The URL of the file at `path`, versioned by its content (so that it may be cached for good); throws for a file that does not exist. */
  url(path: string): string {
    const file = this.files.get(path);
    if (file === undefined) throw new Error(`no static file ${path}`);
    return `/static/${path}?v=${file.version}`;
  }

  private addDirectory(directory: string, prefix: string): void {
    for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const type = contentTypes[extname(entry.name)];
      // .d.ts and .map files of the vendored package are not needed by browsers.
      if (type === undefined || entry.name.endsWith('.d.ts')) continue;
      const absolute = join(entry.parentPath, entry.name);
      const bytes = readFileSync(absolute);
      const digest = createHash('sha256').update(bytes).digest('base64url');
      this.files.set(prefix + relative(directory, absolute).split(sep).join('/'), {
        bytes,
        contentType: type,
        etag: `"${digest.slice(0, 27)}"`,
        version: digest.slice(0, 10),
      });
    }
  }
}
