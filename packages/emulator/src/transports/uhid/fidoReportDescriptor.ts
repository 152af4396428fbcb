/**
 * The HID report descriptor of a FIDO security key (CTAP 2.1 §11.2.8.1): usage page 0xF1D0, usage 0x01 (CTAPHID),
 * one 64-byte input report and one 64-byte output report, no report ids. Browsers, libfido2 and the client's
 * listHidSecurityKeys find a key by this usage page and usage.
 */
export const FIDO_REPORT_DESCRIPTOR = Uint8Array.of(
  0x06, 0xd0, 0xf1, // Usage Page (FIDO Alliance)
  0x09, 0x01, //       Usage (CTAPHID)
  0xa1, 0x01, //       Collection (Application)
  0x09, 0x20, //         Usage (Input Report Data)
  0x15, 0x00, //         Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x75, 0x08, //         Report Size (8)
  0x95, 0x40, //         Report Count (64)
  0x81, 0x02, //         Input (Data, Variable, Absolute)
  0x09, 0x21, //         Usage (Output Report Data)
  0x15, 0x00, //         Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x75, 0x08, //         Report Size (8)
  0x95, 0x40, //         Report Count (64)
  0x91, 0x02, //         Output (Data, Variable, Absolute)
  0xc0, //             End Collection
);
