import type { RegistryDeps } from '../app/RegistryState.js';
import { changeProject } from './changeProject.js';
import { lockRelease } from './lockRelease.js';
import type { ManagementRequest } from './ManagementRequest.js';
import { recordProjectEvent } from './recordProjectEvent.js';

export interface ReleaseYankResult {
  outcome: 'yanked' | 'unyanked' | 'unchanged';
  project: string;
  version: string;
  yanked: boolean;
  yankedReason: string | null;
}

/**
 * Yanks release `version` with `reason` (null: none given), or un-yanks it when `yanked` is false (PEP 592: installers
 * skip a yanked release unless a requirement pins it). Yanking a yanked release again changes only its reason.
 * Recorded as release.yanked (with the reason) or release.unyanked; a request that changes nothing records nothing.
 */
export async function setReleaseYanked(
  deps: Pick<RegistryDeps, 'db' | 'storage' | 'indexChanges'>,
  request: ManagementRequest & { version: string; yanked: boolean; reason: string | null },
): Promise<ReleaseYankResult> {
  return changeProject<ReleaseYankResult>(deps, request, 'yank its releases', async (trx, project) => {
    const release = await lockRelease(trx, project, request.version);
    const reason = request.yanked ? request.reason : null;
    const result = { project: project.name, version: release.version, yanked: request.yanked, yankedReason: reason };
    if (release.yanked === request.yanked && release.yankedReason === reason) return { result: { outcome: 'unchanged', ...result } };
    await trx('releases').where('id', release.id).update({ yanked: request.yanked, yanked_reason: reason });
    if (request.yanked) {
      await recordProjectEvent(trx, request, project, 'release.yanked', { version: release.version, reason });
      return { result: { outcome: 'yanked', ...result } };
    }
    await recordProjectEvent(trx, request, project, 'release.unyanked', { version: release.version });
    return { result: { outcome: 'unyanked', ...result } };
  });
}
