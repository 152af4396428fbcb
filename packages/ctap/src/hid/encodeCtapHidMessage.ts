import { CtapHidError } from './CtapHidError.js';
import {
  CTAPHID_CONT_DATA_SIZE,
  CTAPHID_INIT_DATA_SIZE,
  CTAPHID_MAX_MESSAGE_SIZE,
  CTAPHID_REPORT_SIZE,
  CtapHidErrorCode,
} from './ctapHidConstants.js';

/** The CID in a report's first four bytes (big-endian). */
function writeCid(report: Uint8Array, cid: number): void {
  report[0] = cid >>> 24;
  report[1] = (cid >>> 16) & 0xff;
  report[2] = (cid >>> 8) & 0xff;
  report[3] = cid & 0xff;
}

/** Splits a message into 64-byte reports: one init packet, then continuation packets with SEQ 0, 1, ... */
export function encodeCtapHidMessage(cid: number, command: number, payload: Uint8Array): Uint8Array[] {
  if (payload.length > CTAPHID_MAX_MESSAGE_SIZE) {
    throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, `message of ${payload.length} bytes exceeds ${CTAPHID_MAX_MESSAGE_SIZE}`);
  }
  const continuations = Math.max(0, Math.ceil((payload.length - CTAPHID_INIT_DATA_SIZE) / CTAPHID_CONT_DATA_SIZE));
  // One allocation for all reports; each report is a view of its 64 bytes.
  const memory = new Uint8Array(CTAPHID_REPORT_SIZE * (1 + continuations));
  const reports: Uint8Array[] = [];
  const init = memory.subarray(0, CTAPHID_REPORT_SIZE);
  writeCid(init, cid);
  init[4] = 0x80 | command;
  init[5] = payload.length >>> 8;
  init[6] = payload.length & 0xff;
  init.set(payload.subarray(0, CTAPHID_INIT_DATA_SIZE), 7);
  reports.push(init);
  for (let seq = 0, offset = CTAPHID_INIT_DATA_SIZE; seq < continuations; seq++, offset += CTAPHID_CONT_DATA_SIZE) {
    const cont = memory.subarray(CTAPHID_REPORT_SIZE * (1 + seq), CTAPHID_REPORT_SIZE * (2 + seq));
    writeCid(cont, cid);
    cont[4] = seq;
    cont.set(payload.subarray(offset, offset + CTAPHID_CONT_DATA_SIZE), 5);
    reports.push(cont);
  }
  return reports;
}
