import { readFileSync } from 'node:fs';

/** The repository root; its parent folder holds `shared/` both in development and in CI. */
const repoRoot = new URL('../../', import.meta.url);
export const sharedDir = new URL('../shared/', repoRoot);
export const firmwareVectorsDir = new URL('fixtures/firmware-vectors/', sharedDir);

export type FirmwareName = 'solo' | 'canokey';
/** The firmware whose exchanges are recorded: solo speaks PIN protocol 1, canokey protocol 2. */
export const firmwareNames: readonly FirmwareName[] = ['solo', 'canokey'];

/**
 * The parsed recording of one firmware (shared/fixtures/firmware-vectors/<firmware>.json). Callers name the part they
 * read as `Vectors`; left unnamed it stays as loose as JSON.parse.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function firmwareVectors<Vectors = any>(firmware: FirmwareName): Vectors {
  return JSON.parse(readFileSync(new URL(`${firmware}.json`, firmwareVectorsDir), 'utf8')) as Vectors;
}

/** The text of shared/docs/ctap-reference.md, the source of truth for every protocol constant. */
export function ctapReference(): string {
  return readFileSync(new URL('docs/ctap-reference.md', sharedDir), 'utf8');
}
