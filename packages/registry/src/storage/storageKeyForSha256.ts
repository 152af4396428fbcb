/** The content-addressed key of a file with this (hex) SHA-256: 'ab/cd/abcd…', two levels of 256 directories. */
export function storageKeyForSha256(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError('expected a lower-case hex SHA-256');
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
