import type { Knex } from 'knex';
import { HttpError } from '../http/HttpError.js';

/**
 * Whether the filename or the bytes of an upload are taken (PyPI's rule: a filename is never reused, and the same
 * bytes are never a second file): 'identical' when this very file (same name, same bytes) is already there — the
 * upload then succeeds without writing anything, which `twine upload --skip-existing` and retries rely on —, the 400
 * to answer when either is taken by another file (twine's --skip-existing recognizes "File already exists") or the
 * name was a deleted file's (PyPI's message, which --skip-existing does not skip), or null.
 */
export async function fileAlreadyExists(
  db: Knex | Knex.Transaction,
  upload: { filename: string; sha256: string; blake2_256: string; publicUrl: string },
): Promise<'identical' | HttpError | null> {
  if (await db('deleted_filenames').select('filename').where('filename', upload.filename).first()) {
    return new HttpError(400, 'filename_reused', `This filename has already been used, use a different version. See ${upload.publicUrl}/help/#file-name-reuse for more information.`);
  }
  const rows = (await db('files').select('filename', 'sha256').where('filename', upload.filename).orWhere('sha256', upload.sha256)) as Array<{ filename: string; sha256: string }>;
  if (rows.length === 0) return null;
  if (rows.some((row) => row.filename === upload.filename && row.sha256 === upload.sha256)) return 'identical';
  return new HttpError(
    400,
    'file_exists',
    `File already exists ('${upload.filename}', with blake2_256 hash '${upload.blake2_256}'). See ${upload.publicUrl}/help/#file-name-reuse for more information.`,
  );
}
