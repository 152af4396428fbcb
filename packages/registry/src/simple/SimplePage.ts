/** A rendered Simple API page, ready to send: the bytes, their strong ETag and the serial for X-PyPI-Last-Serial. */
export interface SimplePage {
  body: Buffer;
  etag: string;
  lastSerial: number;
}
