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
}
