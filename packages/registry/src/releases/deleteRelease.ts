import type { RegistryDeps } from '../app/RegistryState.js';
import { changeProject } from './changeProject.js';
import { lockRelease } from './lockRelease.js';
import type { ManagementRequest } from './ManagementRequest.js';
import { recordProjectEvent } from './recordProjectEvent.js';
import { fileRowColumns, retireFiles, type FileRow } from './retireFiles.js';

/** Deletes release `version` and its files (whose names can never be uploaded again). Recorded as release.deleted. */
export async function deleteRelease(
  deps: Pick<RegistryDeps, 'db' | 'storage' | 'indexChanges'>,
  request: ManagementRequest & { version: string },
): Promise<{ outcome: 'deleted'; project: string; version: string; files: string[] }> {
  return changeProject(deps, request, 'delete its releases', async (trx, project) => {
    const release = await lockRelease(trx, project, request.version);
    const files = (await trx('files').select(...fileRowColumns).where('release_id', release.id).orderBy('filename')) as FileRow[];
    const retired = await retireFiles(trx, deps.storage, project.normalizedName, files);
    await trx('releases').where('id', release.id).delete();
    const filenames = files.map((file) => file.filename);
    await recordProjectEvent(trx, request, project, 'release.deleted', { version: release.version, files: filenames });
    return { result: { outcome: 'deleted', project: project.name, version: release.version, files: filenames }, retired };
  });
}
