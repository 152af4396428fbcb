import type { Knex } from 'knex';

/** Where the bytes of an uploaded file (and of its PEP 658 metadata) are stored. */
export interface StoredFile {
  filename: string;
  sha256: string;
  storageKey: string;
  /** Bytes of the file (not of its metadata). */
  size: number;
  /** Hex SHA-256 of the METADATA stored under storageKey + '.metadata', or null when there is none. */
  metadataSha256: string | null;
}

/** The file whose content has this (lower-case hex) SHA-256, or null. */
export async function findStoredFile(db: Knex, sha256: string): Promise<StoredFile | null> {
  const row = (await db('files').select('filename', 'sha256', 'storage_key', 'size', 'metadata_sha256').where('sha256', sha256).first()) as
    | { filename: string; sha256: string; storage_key: string; size: number | string; metadata_sha256: string | null }
    | undefined;
  if (!row) return null;
  return { filename: row.filename, sha256: row.sha256, storageKey: row.storage_key, size: Number(row.size), metadataSha256: row.metadata_sha256 };
}
