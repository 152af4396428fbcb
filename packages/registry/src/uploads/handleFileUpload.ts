import { createHash } from 'node:crypto';
import { requireBasicUser } from '../accounts/requireBasicUser.js';
import type { RegistryContext } from '../app/RegistryState.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { findProject } from '../projects/findProject.js';
import { findProjectRole } from '../projects/findProjectRole.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import { putBytes } from '../storage/putBytes.js';
import { storageKeyForSha256 } from '../storage/storageKeyForSha256.js';
import { checkProjectCaveats } from '../tokens/apiToken.js';
import { tokenRefusal } from '../tokens/authenticateApiToken.js';
import { TokenRefusedError } from '../tokens/TokenRefusedError.js';
import { hasSecondFactor } from '../twoFactor/secondFactorStatus.js';
import { checkCoreMetadataAgrees } from './checkCoreMetadataAgrees.js';
import { checkDistributionFilename, type DistributionFilename } from './checkDistributionFilename.js';
import type { KeyedLock } from './createKeyedLock.js';
import { discardRequestBody } from './discardRequestBody.js';
import { extractSdistMetadata } from './extractSdistMetadata.js';
import { extractWheelMetadata } from './extractWheelMetadata.js';
import { fileAlreadyExists } from './fileAlreadyExists.js';
import { fileTooLargeError } from './fileTooLargeError.js';
import { isArchiveOfType } from './isArchiveOfType.js';
import { parseCoreMetadata } from './parseCoreMetadata.js';
import { readReleaseMetadata } from './readReleaseMetadata.js';
import { readUploadMetadata } from './readUploadMetadata.js';
import { discardCapBytes, maxTotalFieldBytes, receiveUploadForm } from './receiveUploadForm.js';
import { recordUpload } from './recordUpload.js';

/** Room for the form fields, part headers and a signature next to the file, for the early Content-Length check. */
const formOverheadBytes = maxTotalFieldBytes + 2 * 1024 * 1024;
/** Fields without which the checks cannot be made before the file arrives (a client may send them after it). */
const fieldsNeededEarly = [':action', 'name', 'version', 'filetype', 'metadata_version', 'sha256_digest'];

/**
 * POST /legacy/ with `:action=file_upload` (what twine sends): the upload API of PyPI. Checks come in PyPI's order —
 * credentials (401/403; an API token's project caveats once the project is known), the uploader's role on an existing project (403), the metadata fields, the filename (400),
 * then, while the file streams to a temporary file, its size (413); then its digests, its format, whether it exists
 * already (identical: 200; else 400 "File already exists"), whether its metadata agrees with the form. The bytes are put into storage under their SHA-256 before
 * the rows are written in one transaction; on any failure the temporary file is gone and no row is written.
 */
export async function handleFileUpload(ctx: RegistryContext, lock: KeyedLock): Promise<void> {
  const { db, config, storage, indexChanges } = ctx.state;
  const refuseUnread = (error: HttpError): never => {
    // Nothing of the body was read: drop it (up to a cap) so that the client, which sends it all before reading
    // the answer, gets the answer rather than a reset connection.
    discardRequestBody(ctx.req, ctx.res, discardCapBytes);
    throw error;
  };
  let credentials;
  try {
    credentials = await requireBasicUser(ctx);
  } catch (error) {
    if (error instanceof HttpError) refuseUnread(error);
    throw error;
  }
  const { user: uploader, token } = credentials;
  if (!ctx.is('multipart/form-data')) refuseUnread(new HttpError(400, 'invalid_multipart', 'Expected a multipart/form-data body.'));
  const declaredLength = Number(ctx.get('content-length') || 0);
  if (declaredLength > config.maxUploadBytes + formOverheadBytes) {
    refuseUnread(fileTooLargeError(config.maxUploadBytes));
  }

  const checkForm = async (fields: ReadonlyMap<string, readonly string[]>, filename: string | null) => {
    const name = fields.get('name')?.find((value) => value !== '');
    if (name !== undefined) {
      const project = await findProject(db, name);
      if (token) {
        try {
          checkProjectCaveats(token.caveats, project ?? { id: null, name, normalizedName: normalizeProjectName(name) });
        } catch (error) {
          if (error instanceof TokenRefusedError) throw tokenRefusal(error, config.publicUrl);
          throw error;
        }
      }
      if (project && (await findProjectRole(db, project.id, uploader.id)) === null) {
        throw new HttpError(403, 'not_allowed', `The user '${uploader.username}' isn't allowed to upload to project '${project.name}'. See ${config.publicUrl}/help/#project-name for more information.`);
      }
      if (project?.require2fa && !(await hasSecondFactor(db, uploader.id))) {
        await recordEvent(db, { kind: 'upload.refused_by_policy', userId: uploader.id, projectId: project.id, ...requestOrigin(ctx), details: { rule: 'project_requires_2fa' } });
        throw new HttpError(403, 'two_factor_required', `Project '${project.name}' requires two-factor authentication of everyone who uploads to it: add a second factor to your account. See ${config.publicUrl}/help/#2fa-required for more information.`);
      }
    }
    const metadata = readUploadMetadata(fields);
    const releaseMetadata = readReleaseMetadata(fields);
    if (filename === null) throw new HttpError(400, 'missing_file', 'Upload payload does not have a file.');
    return { metadata, releaseMetadata, distribution: checkDistributionFilename(filename, metadata) };
  };

  let early: { checked: Awaited<ReturnType<typeof checkForm>>; values: number } | undefined;
  const form = await receiveUploadForm(ctx.req, ctx.res, {
    storage,
    maxFileBytes: config.maxUploadBytes,
    beforeContent: async (fields, filename) => {
      if (fieldsNeededEarly.every((field) => fields.get(field)?.some((value) => value !== ''))) {
        // Counted before the check: fields after the file may arrive while it awaits the database.
        const values = countValues(fields);
        early = { checked: await checkForm(fields, filename), values };
      }
    },
  });

  const content = form.content;
  try {
    // Again with every field if some came after the file; twine sends the file last, so the early check saw them all.
    const { metadata, releaseMetadata, distribution } =
      early !== undefined && countValues(form.fields) === early.values ? early.checked : await checkForm(form.fields, content?.filename ?? null);
    if (!content) throw new HttpError(400, 'missing_file', 'Upload payload does not have a file.');
    const digestsMatch =
      content.sha256 === metadata.sha256 &&
      (metadata.md5 === null || content.md5 === metadata.md5) &&
      (metadata.blake2_256 === null || content.blake2_256 === metadata.blake2_256);
    if (!digestsMatch) throw new HttpError(400, 'digest_mismatch', 'The digest supplied does not match a digest calculated from the uploaded file.');
    if (!isArchiveOfType(content.head, content.filename)) throw new HttpError(400, 'invalid_distribution', 'Invalid distribution file.');
    // Before reading the archive: a retry or `twine upload --skip-existing` of a file already there costs no
    // decompression (its bytes were checked when first uploaded).
    const publicUrl = config.publicUrl;
    const existing = await fileAlreadyExists(db, { ...content, publicUrl });
    if (existing === 'identical') {
      ctx.body = `File '${content.filename}' already exists with the same content.\n`;
      return;
    }
    if (existing) throw existing;
    const coreMetadata = distribution.wheel
      ? await extractWheelMetadata(content.temporaryPath, content.filename, metadata.normalizedName, metadata.canonicalVersion)
      : null;
    // What installers read from the file must say what the index says (from the form), or pip refuses the release.
    if (coreMetadata) {
      checkCoreMetadataAgrees(parseCoreMetadata(coreMetadata), metadata, "the wheel's METADATA", { requiresPython: true });
    } else {
      const pkgInfo = await extractSdistMetadata(content.temporaryPath, content.filename, metadata.normalizedName, metadata.canonicalVersion);
      checkCoreMetadataAgrees(parseCoreMetadata(pkgInfo), metadata, "the sdist's PKG-INFO", { requiresPython: false });
    }

    const storageKey = storageKeyForSha256(content.sha256);
    const outcome = await lock(storageKey, async () => {
      const metadataSha256 = coreMetadata ? createHash('sha256').update(coreMetadata).digest('hex') : null;
      try {
        if (coreMetadata) await putBytes(storage, `${storageKey}.metadata`, coreMetadata);
        await storage.put(content.temporaryPath, storageKey);
        // recordUpload's transaction nests (as a savepoint) in this one, so that the index change is announced in
        // the same commit (PostgreSQL's NOTIFY is sent on commit, and only then). On SQLite the outer one takes the
        // write lock first (see writeTransaction).
        return await writeTransaction(db, async (trx) => {
          const recorded = await recordUpload(trx, {
            metadata,
            releaseMetadata,
            filename: content.filename,
            packagetype: distribution.packagetype,
            pythonVersion: distribution.pythonVersion,
            size: content.size,
            sha256: content.sha256,
            md5: content.md5,
            blake2_256: content.blake2_256,
            storageKey,
            metadataSha256,
            uploader,
            tokenId: token?.id ?? null,
            ...requestOrigin(ctx),
            publicUrl,
          });
          return { recorded, change: recorded === 'created' ? await indexChanges.announce(trx, metadata.normalizedName) : null };
        });
      } catch (error) {
        await removeUnreferenced(ctx, storageKey, distribution);
        throw error;
      }
    });
    // Committed: before answering, every process's cached Simple API pages of the project must go.
    if (outcome.change) await indexChanges.committed(outcome.change);
    ctx.body = outcome.recorded === 'created' ? `Uploaded ${content.filename}\n` : `File '${content.filename}' already exists with the same content.\n`;
  } finally {
    if (content) await storage.discard(content.temporaryPath);
  }
}

function countValues(fields: ReadonlyMap<string, readonly string[]>): number {
  let values = 0;
  for (const list of fields.values()) values += list.length;
  return values;
}

/** After a failed put or transaction: the stored bytes go unless a row (another upload's) refers to them. */
async function removeUnreferenced(ctx: RegistryContext, storageKey: string, distribution: DistributionFilename): Promise<void> {
  const { db, storage } = ctx.state;
  try {
    if (await db('files').select('id').where('storage_key', storageKey).first()) return;
    await storage.delete(storageKey);
    if (distribution.wheel) await storage.delete(`${storageKey}.metadata`);
  } catch {
    // Best effort: an unreferenced file is invisible (nothing lists it), only space.
  }
}

