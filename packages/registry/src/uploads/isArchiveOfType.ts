/**
 * Whether a file's first bytes are those of the archive its name claims: gzip for .tar.gz, a zip local file header
 * for .zip and .whl. A cheap check that refuses, say, an HTML page named like an sdist.
 */
export function isArchiveOfType(head: Uint8Array, filename: string): boolean {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (filename.endsWith('.tar.gz')) return starts(0x1f, 0x8b);
  if (filename.endsWith('.zip') || filename.endsWith('.whl')) return starts(0x50, 0x4b, 0x03, 0x04);
  return false;
}
