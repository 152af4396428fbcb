/** A rendered page of the index (a Simple API or JSON API answer), ready to send. */
export interface IndexPage {
  body: Buffer;
  /** Strong ETag of the body. */
  etag: string;
  /** For X-PyPI-Last-Serial. */
  lastSerial: number;
  /**
   * For a page whose URL names its project (and release): those names as uploaded, so that a request spelling them
   * otherwise is redirected without a database query.
   */
  spelling?: { project: string; version?: string };
  /**
   * The root index of a registry too large to hold it: `body` is empty, and the page (named by `etag`) is written
   * from the database on each request that needs it (streamRootIndex).
   */
  streamed?: true;
}
