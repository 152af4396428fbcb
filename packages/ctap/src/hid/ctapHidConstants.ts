/** CTAPHID constants, from ../shared/docs/ctap-reference.md ("CTAPHID framing"). */

/** One HID report each way. node-hid writes one more byte in front: the report id 0. */
export const CTAPHID_REPORT_SIZE = 64;
export const CTAPHID_INIT_DATA_SIZE = 57;
export const CTAPHID_CONT_DATA_SIZE = 59;
/** 57 + 128 continuation packets of 59 bytes. */
export const CTAPHID_MAX_MESSAGE_SIZE = CTAPHID_INIT_DATA_SIZE + 128 * CTAPHID_CONT_DATA_SIZE;
export const CTAPHID_BROADCAST_CID = 0xffffffff;
export const CTAPHID_INIT_NONCE_SIZE = 8;
export const CTAPHID_PROTOCOL_VERSION = 2;

/** Command values without bit 7; on the wire the init packet carries `value | 0x80`. */
export const CtapHidCommand = {
  PING: 0x01,
  MSG: 0x03,
  LOCK: 0x04,
  INIT: 0x06,
  WINK: 0x08,
  CBOR: 0x10,
  CANCEL: 0x11,
  KEEPALIVE: 0x3b,
  ERROR: 0x3f,
} as const;

/** Error codes carried by a CTAPHID ERROR packet. */
export const CtapHidErrorCode = {
  INVALID_CMD: 0x01,
  INVALID_PAR: 0x02,
  INVALID_LEN: 0x03,
  INVALID_SEQ: 0x04,
  MSG_TIMEOUT: 0x05,
  CHANNEL_BUSY: 0x06,
  LOCK_REQUIRED: 0x0a,
  INVALID_CHANNEL: 0x0b,
  OTHER: 0x7f,
} as const;

export const CtapHidCapability = { WINK: 0x01, CBOR: 0x04, NMSG: 0x08 } as const;

export const CtapHidKeepaliveStatus = { PROCESSING: 0x01, UPNEEDED: 0x02 } as const;
export type CtapHidKeepaliveStatusCode = (typeof CtapHidKeepaliveStatus)[keyof typeof CtapHidKeepaliveStatus];

/** LOCK takes 0..10 seconds. */
export const CTAPHID_MAX_LOCK_SECONDS = 10;
