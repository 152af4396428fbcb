import { CtapHidErrorCode } from './ctapHidConstants.js';

const namesByCode = new Map<number, string>(Object.entries(CtapHidErrorCode).map(([name, code]) => [code, name]));

/** A CTAPHID transport-level failure: what a device answers with an ERROR packet. */
export class CtapHidError extends Error {
  readonly errorCode: number;
  /** Symbolic name, e.g. "INVALID_SEQ". */
  readonly code: string;

  constructor(errorCode: number, detail?: string) {
    const code = namesByCode.get(errorCode) ?? `UNKNOWN_0x${errorCode.toString(16).padStart(2, '0')}`;
    super(detail ? `CTAPHID_ERR_${code}: ${detail}` : `CTAPHID_ERR_${code}`);
    this.name = 'CtapHidError';
    this.errorCode = errorCode;
    this.code = code;
  }
}
