import type { RegistryDeps } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { changeProject } from './changeProject.js';
import type { ManagementRequest } from './ManagementRequest.js';
import { recordProjectEvent } from './recordProjectEvent.js';
import { fileRowColumns, retireFiles, type FileRow } from './retireFiles.js';

/**
 * Deletes the project with its roles, releases and files, provided `confirm` is its name exactly as shown (the
 * pages will ask the user to type it). The files' names can never be uploaded again; the project's name is free
 * for anyone to create anew, as on PyPI. Its events stay (events.project_id has no foreign key): the last one is
 * project.deleted.
 */
export async function deleteProject(
  deps: Pick<RegistryDeps, 'db' | 'storage' | 'indexChanges'>,
  request: ManagementRequest & { confirm: string },
): Promise<{ outcome: 'deleted'; project: string; releases: string[]; files: string[] }> {
  return changeProject(deps, request, 'delete it', async (trx, project) => {
    if (request.confirm !== project.name) {
      throw new HttpError(400, 'confirmation_mismatch', `To delete the project, confirm its name exactly: '${project.name}'.`);
    }
    const files = (await trx('files').join('releases', 'releases.id', 'files.release_id').select(...fileRowColumns).where('releases.project_id', project.id).orderBy('files.filename')) as FileRow[];
    const releases = (await trx('releases').select('version').where('project_id', project.id).orderBy('id')) as Array<{ version: string }>;
    const retired = await retireFiles(trx, deps.storage, project.normalizedName, files);
    // Its roles and releases go with it (ON DELETE CASCADE; openDatabase turns SQLite's foreign keys on).
    await trx('projects').where('id', project.id).delete();
    const versions = releases.map((release) => release.version);
    const filenames = files.map((file) => file.filename);
    await recordProjectEvent(trx, request, project, 'project.deleted', { releases: versions, files: filenames });
    return { result: { outcome: 'deleted', project: project.name, releases: versions, files: filenames }, retired };
  });
}
