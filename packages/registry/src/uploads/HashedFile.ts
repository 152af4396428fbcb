/** A file received whole into a temporary file of the storage, with what was measured while it streamed. */
export interface HashedFile {
  temporaryPath: string;
  size: number;
  /** Lower-case hex digests of the bytes written. */
  sha256: string;
  md5: string;
  blake2_256: string;
  /** The first bytes (up to 8), to recognize the archive format. */
  head: Uint8Array;
}
