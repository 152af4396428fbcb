import { CtapHidError } from './CtapHidError.js';
import {
  CTAPHID_CONT_DATA_SIZE,
  CTAPHID_INIT_DATA_SIZE,
  CTAPHID_MAX_MESSAGE_SIZE,
  CTAPHID_REPORT_SIZE,
  CtapHidErrorCode,
} from './ctapHidConstants.js';

/** Splits a message into 64-byte reports: one init packet, then continuation packets with SEQ 0, 1, ... */
export function encodeCtapHidMessage(cid: number, command: number, payload: Uint8Array): Uint8Array[] {
  if (payload.length > CTAPHID_MAX_MESSAGE_SIZE) {
    throw new CtapHidError(CtapHidErrorCode.INVALID_LEN, `message of ${payload.length} bytes exceeds ${CTAPHID_MAX_MESSAGE_SIZE}`);
  }
  const reports: Uint8Array[] = [];
  const init = new Uint8Array(CTAPHID_REPORT_SIZE);
  const view = new DataView(init.buffer);
  view.setUint32(0, cid >>> 0);
  init[4] = 0x80 | command;
  view.setUint16(5, payload.length);
  init.set(payload.subarray(0, CTAPHID_INIT_DATA_SIZE), 7);
  reports.push(init);
  for (let offset = CTAPHID_INIT_DATA_SIZE, seq = 0; offset < payload.length; offset += CTAPHID_CONT_DATA_SIZE, seq++) {
    const cont = new Uint8Array(CTAPHID_REPORT_SIZE);
    new DataView(cont.buffer).setUint32(0, cid >>> 0);
    cont[4] = seq;
    cont.set(payload.subarray(offset, offset + CTAPHID_CONT_DATA_SIZE), 5);
    reports.push(cont);
  }
  return reports;
}
