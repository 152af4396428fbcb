import type { Knex } from 'knex';
import type { FileStorage } from '../storage/FileStorage.js';
import type { RetiredFile } from './RetiredFile.js';

/** A files row, as the deletions read it. */
export interface FileRow {
  id: number;
  filename: string;
  storage_key: string;
  metadata_sha256: string | null;
}

/** The columns of FileRow, to select. */
export const fileRowColumns = ['files.id', 'files.filename', 'files.storage_key', 'files.metadata_sha256'] as const;

/**
 * Inside a deletion's transaction: deletes the rows of `files`, of project `normalizedName`, and records their
 * filenames as never to be uploaded again. Answers their stored bytes, with the modification times they have now,
 * for removeRetiredFiles after the commit.
 */
export async function retireFiles(trx: Knex.Transaction, storage: FileStorage, normalizedName: string, files: readonly FileRow[]): Promise<RetiredFile[]> {
  if (files.length === 0) return [];
  const now = new Date();
  await trx('deleted_filenames')
    .insert(files.map((file) => ({ filename: file.filename, project: normalizedName, deleted_at: now })))
    .onConflict('filename')
    .ignore();
  await trx('files').whereIn('id', files.map((file) => file.id)).delete();
  return Promise.all(
    files.map(async (file) => {
      const keys = file.metadata_sha256 === null ? [file.storage_key] : [file.storage_key, `${file.storage_key}.metadata`];
      return { storageKey: file.storage_key, keys: await Promise.all(keys.map(async (key) => ({ key, modifiedMs: await storage.modifiedMs(key) }))) };
    }),
  );
}
