import { CtapHidError } from './CtapHidError.js';
import { CTAPHID_INIT_DATA_SIZE, CTAPHID_REPORT_SIZE, CtapHidErrorCode } from './ctapHidConstants.js';

export interface CtapHidInitPacket {
  kind: 'init';
  cid: number;
  /** Command value without bit 7. */
  command: number;
  /** Total payload length announced by BCNT. */
  length: number;
  /** The init packet's data bytes (57, or fewer when the message is shorter). */
  data: Uint8Array;
}

export interface CtapHidContinuationPacket {
  kind: 'cont';
  cid: number;
  seq: number;
  data: Uint8Array;
}

export type CtapHidPacket = CtapHidInitPacket | CtapHidContinuationPacket;

/** Splits one 64-byte report into its CTAPHID fields. A report of any other size is INVALID_LEN. */
export function parseCtapHidPacket(report: Uint8Array): CtapHidPacket {
  if (report.length !== CTAPHID_REPORT_SIZE) {
    throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, `report of ${report.length} bytes, expected ${CTAPHID_REPORT_SIZE}`);
  }
  const cid = ((report[0]! << 24) | (report[1]! << 16) | (report[2]! << 8) | report[3]!) >>> 0;
  const fifth = report[4]!;
  if (fifth & 0x80) {
    const length = (report[5]! << 8) | report[6]!;
    return { kind: 'init', cid, command: fifth & 0x7f, length, data: report.subarray(7, 7 + Math.min(length, CTAPHID_INIT_DATA_SIZE)) };
  }
  return { kind: 'cont', cid, seq: fifth, data: report.subarray(5) };
}
