/**
 * Where a stored file is served, relative to the registry's root: `files/<ab>/<cd>/<sha256>/<filename>`, the
 * content-addressed storage key followed by the filename (pip names downloads after the URL's last segment).
 * Its PEP 658 metadata is at the same path plus `.metadata`.
 */
export function filePath(sha256: string, filename: string): string {
  return `files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}/${encodeURIComponent(filename)}`;
}
