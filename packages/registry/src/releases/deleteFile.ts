import type { RegistryDeps } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { changeProject } from './changeProject.js';
import { lockRelease } from './lockRelease.js';
import type { ManagementRequest } from './ManagementRequest.js';
import { recordProjectEvent } from './recordProjectEvent.js';
import { fileRowColumns, retireFiles, type FileRow } from './retireFiles.js';

/**
 * Deletes the file `filename` of release `version` (its name can never be uploaded again; the release stays, even
 * without files, as on PyPI). Recorded as file.deleted.
 */
export async function deleteFile(
  deps: Pick<RegistryDeps, 'db' | 'storage' | 'indexChanges'>,
  request: ManagementRequest & { version: string; filename: string },
): Promise<{ outcome: 'deleted'; project: string; version: string; filename: string }> {
  return changeProject(deps, request, 'delete its files', async (trx, project) => {
    const release = await lockRelease(trx, project, request.version);
    const file = (await trx('files').select(...fileRowColumns).where({ release_id: release.id, filename: request.filename }).first()) as FileRow | undefined;
    if (!file) throw new HttpError(404, 'file_not_found', `Release '${release.version}' of '${project.name}' has no file '${request.filename.slice(0, 255)}'.`);
    const retired = await retireFiles(trx, deps.storage, project.normalizedName, [file]);
    await recordProjectEvent(trx, request, project, 'file.deleted', { version: release.version, filename: file.filename });
    return { result: { outcome: 'deleted', project: project.name, version: release.version, filename: file.filename }, retired };
  });
}
