export type UhidErrorCode =
  /** Not Linux: there is no uhid. */
  | 'UHID_UNSUPPORTED_PLATFORM'
  /** No /dev/uhid: the module is not loaded (or the kernel lacks CONFIG_UHID). */
  | 'UHID_MISSING'
  /** /dev/uhid is there, but this user may not open it. */
  | 'UHID_ACCESS_DENIED'
  /** The device was created but no HID driver took it, or it got no hidraw node. */
  | 'UHID_NO_DRIVER'
  | 'UHID_FAILED';

/** The emulator cannot be a kernel HID device; the message is one line that says what to do. */
export class UhidError extends Error {
  constructor(
    readonly code: UhidErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UhidError';
  }
}
