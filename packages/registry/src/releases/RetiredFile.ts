/** The stored bytes of a deleted file, to remove once the deletion is committed (see removeRetiredFiles). */
export interface RetiredFile {
  /** The keys of the file and, for a wheel, of its METADATA, each with its modification time read before the commit. */
  keys: ReadonlyArray<{ key: string; modifiedMs: number | null }>;
  storageKey: string;
}
