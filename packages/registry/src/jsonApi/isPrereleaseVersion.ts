import { explain } from '@renovatebot/pep440';

/** Whether a PEP 440 version is a pre-release (development releases included: what pip skips unless asked). */
export function isPrereleaseVersion(version: string): boolean {
  return explain(version)?.is_prerelease === true;
}
