/** A command APDU: the ISO 7816-4 header and its data. */
export interface U2fCommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
}

/** A decoded command APDU, with what its encoding said about the response. */
export interface DecodedU2fCommandApdu extends U2fCommandApdu {
  /** Extended-length encoding (0x00 then 2-byte lengths) rather than short. */
  extended: boolean;
  /** Ne, the most response bytes the host accepts (Le 00 / 0000 means 256 / 65536); undefined without Le. */
  maxResponseLength: number | undefined;
}
