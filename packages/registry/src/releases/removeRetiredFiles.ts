import type { Knex } from 'knex';
import type { FileStorage } from '../storage/FileStorage.js';
import type { RetiredFile } from './RetiredFile.js';

/**
 * After a deletion's commit: removes the stored bytes of the deleted files, unless a row refers to them again (an
 * upload of the same bytes under another name) or they were written since the deletion read their times (such an
 * upload, not committed yet, put them again: they are its bytes now). What is left behind goes with the orphan
 * sweep. Best effort: the deletion is committed whatever happens here.
 */
export async function removeRetiredFiles(db: Knex, storage: FileStorage, retired: readonly RetiredFile[]): Promise<void> {
  for (const file of retired) {
    try {
      if (await db('files').select('id').where('storage_key', file.storageKey).first()) continue;
      for (const { key, modifiedMs } of file.keys) {
        if (modifiedMs !== null && (await storage.modifiedMs(key)) === modifiedMs) await storage.delete(key);
      }
    } catch {
      // Invisible without a row (nothing serves it), only space: the next orphan sweep takes it.
    }
  }
}
