import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import { isPostgres } from '../db/isPostgres.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { findProjectRole } from '../projects/findProjectRole.js';
import { findConfusableProject } from '../projects/ultranormalizeProjectName.js';
import type { UploadMetadata } from './UploadMetadata.js';
import { fileAlreadyExists } from './fileAlreadyExists.js';
import type { ReleaseMetadata } from './ReleaseMetadata.js';
import { releaseMetadataRow } from './readReleaseMetadata.js';

/** A verified upload whose bytes are already in storage under `storageKey`. */
export interface UploadToRecord {
  metadata: UploadMetadata;
  /** Kept with the release when this upload creates it (as PyPI keeps the first file's metadata). */
  releaseMetadata?: ReleaseMetadata;
  filename: string;
  packagetype: 'sdist' | 'bdist_wheel';
  pythonVersion: string;
  size: number;
  sha256: string;
  md5: string;
  blake2_256: string;
  storageKey: string;
  /** sha256 of the wheel's METADATA stored under storageKey + '.metadata' (null for sdists). */
  metadataSha256: string | null;
  uploader: AuthenticatedUser;
  /** The id of the API token the upload came with (null: the password); recorded in the file.uploaded event. */
  tokenId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The registry's public URL, for the help links in messages. */
  publicUrl: string;
}

export type RecordUploadOutcome = 'created' | 'identical';

/**
 * Writes the rows of an upload in one transaction: the project on its first upload (the uploader becomes its
 * owner), the release on its first file, the file; with an event for each. Checks again, inside the transaction,
 * what the request checked before (another upload may have committed in between): the uploader's role (403), the
 * filename and content being new (an identical file → 'identical', nothing written; another file → 400), one sdist
 * per release. Concurrent uploads are safe on both databases: inserts use ON CONFLICT DO NOTHING and re-read; so are concurrent
 * deletions (see releases/).
 */
export async function recordUpload(db: Knex, upload: UploadToRecord): Promise<RecordUploadOutcome> {
  const { metadata } = upload;
  const origin = { userId: upload.uploader.id, ip: upload.ip, userAgent: upload.userAgent };
  const now = new Date();
  return writeTransaction(db, async (trx) => {
    // On PostgreSQL the project and release rows are read FOR SHARE: a deletion of either in flight is waited for, and
    // then they read as gone (the upload creates them anew) rather than failing the inserts below on a foreign key.
    const shared = (query: Knex.QueryBuilder): Knex.QueryBuilder => (isPostgres(trx) ? query.forShare() : query);
    let projectId: number;
    let projectName = metadata.name;
    const existingProject = (await shared(trx('projects').select('id', 'name').where('normalized_name', metadata.normalizedName)).first()) as { id: number; name: string } | undefined;
    if (!existingProject) {
      // As on PyPI: a new name that differs from an existing project's only by separators or confusable characters.
      const similar = await findConfusableProject(trx, metadata.name, metadata.normalizedName);
      if (similar) throw tooSimilar(metadata.name, similar.name, upload.publicUrl);
    }
    const insertedProject = existingProject
      ? []
      : ((await trx('projects')
          .insert({ name: metadata.name, normalized_name: metadata.normalizedName, created_at: now })
          .onConflict('normalized_name')
          .ignore()
          .returning('id')) as Array<{ id: number }>);
    if (insertedProject[0]) {
      projectId = Number(insertedProject[0].id);
      await trx('roles').insert({ project_id: projectId, user_id: upload.uploader.id, role: 'owner', created_at: now });
      await recordEvent(trx, { kind: 'project.created', projectId, ...origin, details: { project: metadata.name, owner: upload.uploader.username } });
    } else {
      // Created by someone else, possibly a moment ago in a concurrent upload.
      const project = existingProject ?? ((await trx('projects').select('id', 'name').where('normalized_name', metadata.normalizedName).first()) as { id: number; name: string });
      projectId = Number(project.id);
      projectName = project.name;
      if ((await findProjectRole(trx, projectId, upload.uploader.id)) === null) throw notAllowed(upload.uploader.username, projectName, upload.publicUrl);
    }

    const releaseKey = { project_id: projectId, canonical_version: metadata.canonicalVersion };
    let release = (await shared(trx('releases').select('id').where(releaseKey)).first()) as { id: number } | undefined;
    if (!release) {
      const inserted = (await trx('releases')
        .insert({ ...releaseKey, version: metadata.version, requires_python: metadata.requiresPython, summary: metadata.summary, ...(upload.releaseMetadata ? releaseMetadataRow(upload.releaseMetadata) : {}), yanked: false, created_at: now })
        .onConflict(['project_id', 'canonical_version'])
        .ignore()
        .returning('id')) as Array<{ id: number }>;
      if (inserted[0]) {
        release = inserted[0];
        await recordEvent(trx, { kind: 'release.created', projectId, ...origin, details: { project: projectName, version: metadata.version } });
      } else {
        release = (await trx('releases').select('id').where(releaseKey).first()) as { id: number };
      }
    }
    const releaseId = Number(release.id);

    const clash = await fileAlreadyExists(trx, upload);
    if (clash === 'identical') return 'identical';
    if (clash) throw clash;
    if (upload.packagetype === 'sdist') {
      const sdist = await trx('files').select('id').where({ release_id: releaseId, packagetype: 'sdist' }).first();
      if (sdist) throw new HttpError(400, 'sdist_exists', 'Only one sdist may be uploaded per release.');
    }

    const insertedFile = (await trx('files')
      .insert({
        release_id: releaseId,
        filename: upload.filename,
        packagetype: upload.packagetype,
        python_version: upload.pythonVersion,
        size: upload.size,
        sha256: upload.sha256,
        md5: upload.md5,
        blake2_256: upload.blake2_256,
        storage_key: upload.storageKey,
        metadata_sha256: upload.metadataSha256,
        requires_python: metadata.requiresPython,
        uploaded_by: upload.uploader.id,
        uploaded_at: now,
        yanked: false,
      })
      .onConflict()
      .ignore()
      .returning('id')) as Array<{ id: number }>;
    if (!insertedFile[0]) {
      // A concurrent upload of the same filename or bytes committed first: answer as if it had been there before.
      const raced = await fileAlreadyExists(trx, upload);
      if (raced === 'identical') return 'identical';
      throw raced ?? new HttpError(409, 'upload_conflict', 'A concurrent upload conflicted with this one: try again.');
    }
    await recordEvent(trx, {
      kind: 'file.uploaded',
      projectId,
      ...origin,
      details: { project: projectName, version: metadata.version, filename: upload.filename, packagetype: upload.packagetype, size: upload.size, sha256: upload.sha256, tokenId: upload.tokenId },
    });
    return 'created';
  });
}

function tooSimilar(name: string, existing: string, publicUrl: string): HttpError {
  return new HttpError(400, 'name_too_similar', `The name '${name}' is too similar to an existing project, '${existing}'. See ${publicUrl}/help/#project-name for more information.`);
}

function notAllowed(username: string, projectName: string, publicUrl: string): HttpError {
  return new HttpError(403, 'not_allowed', `The user '${username}' isn't allowed to upload to project '${projectName}'. See ${publicUrl}/help/#project-name for more information.`);
}
