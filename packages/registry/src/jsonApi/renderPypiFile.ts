import { filePath } from '../simple/filePath.js';
import type { IndexedFile } from '../simple/ProjectIndex.js';
import type { PypiFile } from './PypiJson.js';

/** A file as PyPI's JSON API describes it, its URL absolute under `publicUrl` (no trailing slash). */
export function renderPypiFile(file: IndexedFile, publicUrl: string): PypiFile {
  const iso = file.uploadedAt.toISOString();
  return {
    comment_text: '',
    digests: { blake2b_256: file.blake2_256, md5: file.md5, sha256: file.sha256 },
    downloads: -1,
    filename: file.filename,
    has_sig: false,
    md5_digest: file.md5,
    packagetype: file.packagetype,
    python_version: file.pythonVersion,
    requires_python: file.requiresPython,
    size: file.size,
    upload_time: iso.slice(0, 19),
    upload_time_iso_8601: iso,
    url: `${publicUrl}/${filePath(file.sha256, file.filename)}`,
    yanked: file.yanked,
    yanked_reason: file.yankedReason,
  };
}
