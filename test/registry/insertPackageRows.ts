import { createHash } from 'node:crypto';
import type { RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import { storageKeyForSha256 } from '../../packages/registry/src/storage/storageKeyForSha256.js';
import { blake2b256Hex } from '../support/blake2b256Hex.js';

export interface InsertedFile {
  id: number;
  filename: string;
  content: Buffer;
  sha256: string;
  metadata: Buffer | null;
  metadataSha256: string | null;
}

export interface FileToInsert {
  project: string;
  version: string;
  filename: string;
  content: string | Buffer;
  /** The wheel's METADATA, stored beside it (PEP 658). */
  metadata?: string;
  requiresPython?: string | null;
  releaseRequiresPython?: string | null;
  summary?: string | null;
  uploadedAt?: Date;
  fileYanked?: boolean;
  releaseYanked?: boolean;
  yankedReason?: string | null;
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes a project, release and file straight into the registry's database and storage (bypassing the upload
 * API, so that read-side tests control every column): creates the project and release on first use, and announces
 * the change as an upload does (registry.indexChanges).
 */
export async function insertPackageRows(registry: RunningRegistry, file: FileToInsert): Promise<InsertedFile> {
  const { db } = registry;
  const now = file.uploadedAt ?? new Date();
  const normalizedName = file.project.replace(/[-_.]+/g, '-').toLowerCase();
  let project = (await db('projects').where('normalized_name', normalizedName).first()) as { id: number } | undefined;
  if (!project) {
    [project] = (await db('projects').insert({ name: file.project, normalized_name: normalizedName, created_at: now }).returning('id')) as Array<{ id: number }>;
  }
  const canonicalVersion = file.version.toLowerCase().replace(/-/g, '');
  let release = (await db('releases').where({ project_id: project!.id, canonical_version: canonicalVersion }).first()) as { id: number } | undefined;
  if (!release) {
    [release] = (await db('releases')
      .insert({
        project_id: project!.id,
        version: file.version,
        canonical_version: canonicalVersion,
        requires_python: file.releaseRequiresPython ?? null,
        summary: file.summary ?? null,
        yanked: file.releaseYanked ?? false,
        yanked_reason: file.yankedReason ?? null,
        created_at: now,
      })
      .returning('id')) as Array<{ id: number }>;
  }

  const content = Buffer.from(file.content);
  const sha256 = sha256Of(content);
  const key = storageKeyForSha256(sha256);
  await put(registry, key, content);
  const metadata = file.metadata === undefined ? null : Buffer.from(file.metadata);
  const metadataSha256 = metadata === null ? null : sha256Of(metadata);
  if (metadata !== null) await put(registry, `${key}.metadata`, metadata);
  const [row] = (await db('files')
    .insert({
      release_id: release!.id,
      filename: file.filename,
      packagetype: file.filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
      python_version: file.filename.endsWith('.whl') ? 'py3' : 'source',
      size: content.length,
      sha256,
      md5: createHash('md5').update(content).digest('hex'),
      blake2_256: blake2b256Hex(content),
      storage_key: key,
      metadata_sha256: metadataSha256,
      requires_python: file.requiresPython ?? null,
      uploaded_by: null,
      uploaded_at: now,
      yanked: file.fileYanked ?? false,
    })
    .returning('id')) as Array<{ id: number }>;
  // Like the upload API: every process serving the database drops its cached Simple API pages of the project.
  await registry.indexChanges.committed(await registry.indexChanges.announce(db, normalizedName));
  return { id: Number(row!.id), filename: file.filename, content, sha256, metadata, metadataSha256 };
}

async function put(registry: RunningRegistry, key: string, bytes: Buffer): Promise<void> {
  const temporary = await registry.storage.createTemporaryFile();
  await temporary.handle.writeFile(bytes);
  await temporary.handle.sync();
  await temporary.handle.close();
  await registry.storage.put(temporary.path, key);
}
