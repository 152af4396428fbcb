import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { insertPackageRows } from './insertPackageRows.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';

const pipAccept = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01';
const json = 'application/vnd.pypi.simple.v1+json';
const metadataText = 'Metadata-Version: 2.1\nName: Tiny_Project\nVersion: 1.0\nRequires-Python: >=3.8\n';

interface SimpleFile {
  filename: string;
  url: string;
  hashes: { sha256: string };
  'requires-python'?: string;
  'core-metadata': false | { sha256: string };
  yanked: boolean | string;
  size: number;
  'upload-time': string;
}

describe.each(testDatabases)('the Simple API and files on $kind', (testDatabase) => {
  async function start() {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(new URL(path, registry.url), { headers, method, redirect: 'manual' });
    return { registry, get };
  }

  /** Tiny_Project 1.0 (sdist + wheel with metadata, requires-python) and 2.0rc1 (yanked with a reason), Other 0.1. */
  async function populate(registry: Awaited<ReturnType<typeof start>>['registry']) {
    const sdist = await insertPackageRows(registry, {
      project: 'Tiny_Project', version: '1.0', filename: 'tiny_project-1.0.tar.gz', content: 'sdist bytes', releaseRequiresPython: '>=3.8',
      uploadedAt: new Date('2024-01-02T03:04:05.678Z'),
    });
    const wheel = await insertPackageRows(registry, {
      project: 'Tiny_Project', version: '1.0', filename: 'tiny_project-1.0-py3-none-any.whl', content: 'wheel bytes!', requiresPython: '>=3.8,<4',
      metadata: metadataText, uploadedAt: new Date('2024-01-02T03:04:06Z'),
    });
    const candidate = await insertPackageRows(registry, {
      project: 'Tiny_Project', version: '2.0rc1', filename: 'tiny_project-2.0rc1.tar.gz', content: 'candidate', releaseYanked: true, yankedReason: 'broken <build>',
    });
    const other = await insertPackageRows(registry, { project: 'other', version: '0.1', filename: 'other-0.1.tar.gz', content: 'other' });
    return { sdist, wheel, candidate, other };
  }

  it('lists the projects in HTML by default and in JSON for pip, with Vary and the last serial', async () => {
    const { registry, get } = await start();
    const { other } = await populate(registry);

    const html = await get('/simple/');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('vary')).toBe('Accept');
    expect(html.headers.get('x-pypi-last-serial')).toBe(String(other.id));
    const page = await html.text();
    expect(page).toContain('<meta name="pypi:repository-version" content="1.1">');
    expect([...page.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[1], match[2]])).toEqual([
      ['other/', 'other'],
      ['tiny-project/', 'Tiny_Project'],
    ]);

    const fromPip = await get('/simple/', { accept: pipAccept });
    expect(fromPip.headers.get('content-type')).toBe(json);
    expect(await fromPip.json()).toEqual({ meta: { 'api-version': '1.1', '_last-serial': other.id }, projects: [{ name: 'other' }, { name: 'Tiny_Project' }] });

    const versionedHtml = await get('/simple/', { accept: 'application/vnd.pypi.simple.v1+html' });
    expect(versionedHtml.headers.get('content-type')).toBe('application/vnd.pypi.simple.v1+html; charset=utf-8');
    expect(await versionedHtml.text()).toBe(page);
  });

  it('lists nothing on an empty registry', async () => {
    const { get } = await start();
    expect(await (await get('/simple/', { accept: json })).json()).toEqual({ meta: { 'api-version': '1.1', '_last-serial': 0 }, projects: [] });
  });

  it("serves a project's page in JSON (PEP 691 + 700 + 714) with links that resolve to the files' bytes", async () => {
    const { registry, get } = await start();
    const { sdist, wheel, candidate } = await populate(registry);
    const response = await get('/simple/tiny-project/', { accept: pipAccept });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(json);
    const document = (await response.json()) as { meta: unknown; name: string; versions: string[]; files: SimpleFile[] };
    expect(document.meta).toEqual({ 'api-version': '1.1', '_last-serial': candidate.id });
    expect(document.name).toBe('tiny-project');
    expect(document.versions).toEqual(['1.0', '2.0rc1']);
    expect(document.files.map((file) => file.filename)).toEqual([wheel.filename, sdist.filename, candidate.filename]);
    const [wheelEntry, sdistEntry, candidateEntry] = document.files;
    expect(wheelEntry).toEqual({
      filename: wheel.filename,
      url: `../../files/${wheel.sha256.slice(0, 2)}/${wheel.sha256.slice(2, 4)}/${wheel.sha256}/${wheel.filename}`,
      hashes: { sha256: wheel.sha256 },
      'requires-python': '>=3.8,<4',
      'core-metadata': { sha256: wheel.metadataSha256 },
      yanked: false,
      size: wheel.content.length,
      'upload-time': '2024-01-02T03:04:06.000Z',
    });
    // The sdist has no Requires-Python of its own: its release's applies.
    expect(sdistEntry).toMatchObject({ 'requires-python': '>=3.8', 'core-metadata': false, yanked: false, size: 11, 'upload-time': '2024-01-02T03:04:05.678Z' });
    expect(candidateEntry).toMatchObject({ yanked: 'broken <build>', 'core-metadata': false });
    expect(candidateEntry).not.toHaveProperty('requires-python');

    // Every link, resolved as a client resolves it, serves bytes with the advertised hash and size; so does metadata.
    for (const entry of document.files) {
      const url = new URL(entry.url, response.url);
      const file = await fetch(url);
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.hashes.sha256);
      expect(bytes.length).toBe(entry.size);
      if (entry['core-metadata']) {
        const metadata = Buffer.from(await (await fetch(`${url.href}.metadata`)).arrayBuffer());
        expect(createHash('sha256').update(metadata).digest('hex')).toBe(entry['core-metadata'].sha256);
        expect(metadata.toString()).toBe(metadataText);
      }
    }
  });

  it("serves a project's page in HTML (PEP 503) with hashes, escaped requires-python, PEP 658/714 metadata and yanked", async () => {
    const { registry, get } = await start();
    const { sdist, wheel, candidate } = await populate(registry);
    const response = await get('/simple/tiny-project/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await response.text();
    const anchors = [...page.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map((match) => ({ attributes: match[1]!, text: match[2]! }));
    expect(anchors.map((anchor) => anchor.text)).toEqual([wheel.filename, sdist.filename, candidate.filename]);
    const path = (file: { sha256: string; filename: string }) => `../../files/${file.sha256.slice(0, 2)}/${file.sha256.slice(2, 4)}/${file.sha256}/${file.filename}`;
    expect(anchors[0]!.attributes).toBe(
      `href="${path(wheel)}#sha256=${wheel.sha256}" data-requires-python="&gt;=3.8,&lt;4" ` +
        `data-dist-info-metadata="sha256=${wheel.metadataSha256}" data-core-metadata="sha256=${wheel.metadataSha256}"`,
    );
    expect(anchors[1]!.attributes).toBe(`href="${path(sdist)}#sha256=${sdist.sha256}" data-requires-python="&gt;=3.8"`);
    expect(anchors[2]!.attributes).toBe(`href="${path(candidate)}#sha256=${candidate.sha256}" data-yanked="broken &lt;build&gt;"`);
    expect(page).toContain('<title>Links for Tiny_Project</title>');
  });

  it('redirects other spellings and slashless paths to the normalized URL, 404s unknown projects, 406s unknown formats', async () => {
    const { registry, get } = await start();
    await populate(registry);
    for (const [path, location, target] of [
      ['/simple/Tiny_Project/', '../tiny-project/', '/simple/tiny-project/'],
      ['/simple/tiny.project/', '../tiny-project/', '/simple/tiny-project/'],
      ['/simple/TINY--project', 'tiny-project/', '/simple/tiny-project/'],
      ['/simple/tiny-project', 'tiny-project/', '/simple/tiny-project/'],
      ['/simple', 'simple/', '/simple/'],
      ['/simple/No_Such/', '../no-such/', '/simple/no-such/'],
    ] as const) {
      const response = await get(path, { accept: pipAccept });
      expect(response.status, path).toBe(301);
      expect(response.headers.get('location'), path).toBe(location);
      // Relative to the request's URL, the Location names the normalized page.
      expect(new URL(location, new URL(path, registry.url)).pathname, path).toBe(target);
    }
    // fetch follows the redirect to the page itself.
    expect((await fetch(new URL('/simple/Tiny.Project', registry.url), { headers: { accept: json } })).url).toBe(`${registry.url}/simple/tiny-project/`);

    const missing = await get('/simple/no-such/', { accept: pipAccept });
    expect(missing.status).toBe(404);
    expect(missing.statusText).toBe("Project 'no-such' was not found.");

    for (const accept of ['application/json', 'application/vnd.pypi.simple.v2+json', 'text/html;q=0, application/vnd.pypi.simple.v1+json;q=0, application/vnd.pypi.simple.v1+html;q=0']) {
      for (const path of ['/simple/', '/simple/tiny-project/']) {
        const refused = await get(path, { accept });
        expect(refused.status, `${path} ${accept}`).toBe(406);
        expect(refused.headers.get('vary')).toBe('Accept');
        expect(await refused.text()).toMatch(/^Not Acceptable: this index serves application\/vnd\.pypi\.simple\.v1\+json, application\/vnd\.pypi\.simple\.v1\+html, text\/html/);
      }
    }
    expect((await get('/simple/tiny-project/other')).status).toBe(404);
  });

  it('answers If-None-Match with 304, per representation, and HEAD without a body', async () => {
    const { registry, get } = await start();
    await populate(registry);
    const first = await get('/simple/tiny-project/', { accept: json });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await get('/simple/tiny-project/', { accept: json, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // The HTML representation has another tag.
    const html = await get('/simple/tiny-project/', { 'if-none-match': etag });
    expect(html.status).toBe(200);
    expect(html.headers.get('etag')).not.toBe(etag);
    // A new upload changes the page and its tag.
    await insertPackageRows(registry, { project: 'tiny-project', version: '1.1', filename: 'tiny_project-1.1.tar.gz', content: 'newer' });
    const changed = await get('/simple/tiny-project/', { accept: json, 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { versions: string[] }).versions).toEqual(['1.0', '1.1', '2.0rc1']);

    const head = await get('/simple/tiny-project/', { accept: json }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(json);
    expect(await head.text()).toBe('');
  });

  it('serves files immutable with their SHA-256 as ETag, 304 on If-None-Match, HEAD, and metadata only for wheels that have it', async () => {
    const { registry, get } = await start();
    const { sdist, wheel } = await populate(registry);
    const base = (file: { sha256: string }) => `/files/${file.sha256.slice(0, 2)}/${file.sha256.slice(2, 4)}/${file.sha256}`;

    const response = await get(`${base(wheel)}/${wheel.filename}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${wheel.sha256}"`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe(String(wheel.content.length));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(wheel.content);

    for (const ifNoneMatch of [`"${wheel.sha256}"`, `W/"${wheel.sha256}"`, `"other", "${wheel.sha256}"`, '*']) {
      const notModified = await get(`${base(wheel)}/${wheel.filename}`, { 'if-none-match': ifNoneMatch });
      expect(notModified.status, ifNoneMatch).toBe(304);
      expect(notModified.headers.get('etag')).toBe(`"${wheel.sha256}"`);
      expect(notModified.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await get(`${base(wheel)}/${wheel.filename}`, { 'if-none-match': '"other"' })).status).toBe(200);

    const head = await get(`${base(sdist)}/${sdist.filename}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(sdist.content.length));
    expect(head.headers.get('etag')).toBe(`"${sdist.sha256}"`);
    expect(await head.text()).toBe('');

    const metadata = await get(`${base(wheel)}/${wheel.filename}.metadata`);
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get('etag')).toBe(`"${wheel.metadataSha256}"`);
    expect(metadata.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(metadata.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await metadata.text()).toBe(metadataText);
    expect((await get(`${base(wheel)}/${wheel.filename}.metadata`, { 'if-none-match': `"${wheel.metadataSha256}"` })).status).toBe(304);
    const metadataHead = await get(`${base(wheel)}/${wheel.filename}.metadata`, {}, 'HEAD');
    expect(metadataHead.headers.get('content-length')).toBe(String(metadataText.length));

    const zeros = '0'.repeat(64);
    for (const path of [
      `${base(sdist)}/${sdist.filename}.metadata`, // an sdist has none
      `${base(wheel)}/${sdist.filename}`, // another file's name under this hash
      `${base(wheel)}/${wheel.filename}.METADATA`,
      `/files/00/00/${zeros}/${wheel.filename}`, // no such content
      `/files/ff/ff/${wheel.sha256}/${wheel.filename}`, // wrong shards
      `/files/${wheel.sha256.slice(0, 2)}/${wheel.sha256.slice(2, 4)}/${wheel.sha256.toUpperCase()}/${wheel.filename}`,
      `/files/../${wheel.sha256}/${wheel.filename}`,
      `/files/${wheel.sha256}/${wheel.filename}`,
    ]) {
      const missing = await get(path);
      expect(missing.status, path).toBe(404);
    }
    expect((await get(`${base(wheel)}/${wheel.filename}`, {}, 'POST')).status).toBe(405);
  });

  it('serves one byte range of a file (206), 416 past its end, the whole file for If-Range of other bytes, and metadata whole', async () => {
    const { registry, get } = await start();
    const { wheel } = await populate(registry);
    const path = `/files/${wheel.sha256.slice(0, 2)}/${wheel.sha256.slice(2, 4)}/${wheel.sha256}/${wheel.filename}`;
    const size = wheel.content.length;

    const whole = await get(path);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    await whole.arrayBuffer();
    for (const [range, start, end] of [['bytes=0-4', 0, 4], ['bytes=6-', 6, size - 1], ['bytes=-3', size - 3, size - 1], ['bytes=2-1000', 2, size - 1]] as const) {
      const partial = await get(path, { range });
      expect(partial.status, range).toBe(206);
      expect(partial.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${size}`);
      expect(partial.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect(partial.headers.get('etag')).toBe(`"${wheel.sha256}"`);
      expect(Buffer.from(await partial.arrayBuffer()), range).toEqual(wheel.content.subarray(start, end + 1));
    }
    const matching = await get(path, { range: 'bytes=0-4', 'if-range': `"${wheel.sha256}"` });
    expect(matching.status).toBe(206);
    await matching.arrayBuffer();

    const unsatisfiable = await get(path, { range: `bytes=${size}-` });
    expect([unsatisfiable.status, unsatisfiable.headers.get('content-range')]).toEqual([416, `bytes */${size}`]);
    await unsatisfiable.arrayBuffer();
    for (const headers of [{ range: 'bytes=0-1,4-5' }, { range: 'bytes=0-4', 'if-range': '"not-these-bytes"' }] as Array<Record<string, string>>) {
      const full = await get(path, headers);
      expect(full.status, JSON.stringify(headers)).toBe(200);
      expect(Buffer.from(await full.arrayBuffer())).toEqual(wheel.content);
    }
    const metadata = await get(`${path}.metadata`, { range: 'bytes=0-4' });
    expect([metadata.status, metadata.headers.get('accept-ranges'), await metadata.text()]).toEqual([200, null, metadataText]);
  });
});
