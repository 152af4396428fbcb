import { ctapStatusName } from './ctapStatus.js';

/**
 * A CTAP2 failure carrying the status byte an authenticator answers with.
 * Codecs throw it for malformed input; the emulator turns it into its response byte;
 * a client raises it when a device answers with a non-zero status.
 */
export class CtapError extends Error {
  readonly status: number;
  /** Symbolic name of the status, e.g. "PIN_INVALID". */
  readonly code: string;

  constructor(status: number, detail?: string) {
    const code = ctapStatusName(status);
    super(detail ? `CTAP2_ERR_${code}: ${detail}` : `CTAP2_ERR_${code}`);
    this.name = 'CtapError';
    this.status = status;
    this.code = code;
  }
}
