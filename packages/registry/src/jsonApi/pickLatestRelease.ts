import type { IndexedRelease } from '../simple/ProjectIndex.js';
import { isPrereleaseVersion } from './isPrereleaseVersion.js';

/**
 * The release PyPI shows as a project's current one: the newest that is neither yanked nor a pre-release, else
 * the newest not yanked, else the newest. `releases` are sorted oldest first; null when there are none.
 */
export function pickLatestRelease(releases: readonly IndexedRelease[]): IndexedRelease | null {
  const newestFirst = [...releases].reverse();
  return (
    newestFirst.find((release) => !release.yanked && !isPrereleaseVersion(release.canonicalVersion)) ??
    newestFirst.find((release) => !release.yanked) ??
    newestFirst[0] ??
    null
  );
}
