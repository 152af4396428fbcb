import { endianness } from 'node:os';

/**
 * The wire format of /dev/uhid (linux/uhid.h): every read and write is one packed `struct uhid_event`, a u32 type
 * then a union of requests, in the host's byte order. uhidEvent.test.ts checks these numbers against the header.
 * The size is 4380, not 4 + 4372 (the largest request, create2): the union itself is not packed, and
 * uhid_start_req's u64 rounds it up to a multiple of 8. The kernel copies min(count, 4380) bytes per read.
 */
export const UHID_EVENT_SIZE = 4380;
export const UHID_DATA_MAX = 4096;
export const HID_MAX_DESCRIPTOR_SIZE = 4096;
/** linux/input.h: the bus a created device claims to be on. */
export const BUS_USB = 0x03;

/** `enum uhid_event_type`, the members in use (the legacy ones left out). */
export const UhidEventType = {
  DESTROY: 1,
  START: 2,
  STOP: 3,
  OPEN: 4,
  CLOSE: 5,
  OUTPUT: 6,
  GET_REPORT: 9,
  GET_REPORT_REPLY: 10,
  CREATE2: 11,
  INPUT2: 12,
  SET_REPORT: 13,
  SET_REPORT_REPLY: 14,
} as const;

/** `enum uhid_report_type`. */
export const UhidReportType = { FEATURE: 0, OUTPUT: 1, INPUT: 2 } as const;

/** Byte offsets of the fields, from the start of `struct uhid_event` (the union starts at 4). */
export const UhidOffsets = {
  create2: { name: 4, phys: 132, uniq: 196, rdSize: 260, bus: 262, vendor: 264, product: 268, version: 272, country: 276, rdData: 280 },
  input2: { size: 4, data: 6 },
  output: { data: 4, size: 4100, rtype: 4102 },
  getReport: { id: 4, rnum: 8, rtype: 9 },
  getReportReply: { id: 4, err: 8, size: 10, data: 12 },
  setReport: { id: 4, rnum: 8, rtype: 9, size: 10, data: 12 },
  setReportReply: { id: 4, err: 8 },
  start: { devFlags: 4 },
} as const;

/** Sizes of the fixed-length strings of `struct uhid_create2_req` (NUL included). */
const NAME_SIZE = 128;
const PHYS_SIZE = 64;
const UNIQ_SIZE = 64;

const littleEndian = endianness() === 'LE';

export interface UhidCreate2 {
  name: string;
  phys?: string;
  /** The "serial number" (HID_UNIQ): what finds the device's hidraw node again. */
  uniq: string;
  bus?: number;
  vendorId: number;
  productId: number;
  version?: number;
  country?: number;
  reportDescriptor: Uint8Array;
}

/** What the kernel sends: the events a HID device driver acts on, the others as `other`. */
export type UhidEventFromKernel =
  | { type: 'start'; devFlags: bigint }
  | { type: 'stop' }
  | { type: 'open' }
  | { type: 'close' }
  /** A report the host wrote; `data` is a copy, report-id byte included (hidraw passes it through). */
  | { type: 'output'; reportType: number; data: Uint8Array }
  | { type: 'getReport'; id: number; reportNumber: number; reportType: number }
  | { type: 'setReport'; id: number; reportNumber: number; reportType: number; data: Uint8Array }
  | { type: 'other'; code: number };

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function putString(event: Uint8Array, offset: number, size: number, text: string, field: string): void {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length >= size) throw new RangeError(`the uhid ${field} takes at most ${size - 1} bytes, not ${encoded.length}`);
  event.set(encoded, offset);
}

export function encodeUhidCreate2(request: UhidCreate2): Uint8Array {
  const { create2 } = UhidOffsets;
  if (request.reportDescriptor.length > HID_MAX_DESCRIPTOR_SIZE) throw new RangeError('a HID report descriptor is at most 4096 bytes');
  const event = new Uint8Array(UHID_EVENT_SIZE);
  const view = viewOf(event);
  view.setUint32(0, UhidEventType.CREATE2, littleEndian);
  putString(event, create2.name, NAME_SIZE, request.name, 'name');
  putString(event, create2.phys, PHYS_SIZE, request.phys ?? '', 'phys');
  putString(event, create2.uniq, UNIQ_SIZE, request.uniq, 'uniq');
  view.setUint16(create2.rdSize, request.reportDescriptor.length, littleEndian);
  view.setUint16(create2.bus, request.bus ?? BUS_USB, littleEndian);
  view.setUint32(create2.vendor, request.vendorId, littleEndian);
  view.setUint32(create2.product, request.productId, littleEndian);
  view.setUint32(create2.version, request.version ?? 0, littleEndian);
  view.setUint32(create2.country, request.country ?? 0, littleEndian);
  event.set(request.reportDescriptor, create2.rdData);
  return event;
}

/** An input report for the host. Short: the kernel pads a short event with zeros. */
export function encodeUhidInput2(report: Uint8Array): Uint8Array {
  if (report.length > UHID_DATA_MAX) throw new RangeError(`a uhid input report is at most ${UHID_DATA_MAX} bytes`);
  const event = new Uint8Array(UhidOffsets.input2.data + report.length);
  const view = viewOf(event);
  view.setUint32(0, UhidEventType.INPUT2, littleEndian);
  view.setUint16(UhidOffsets.input2.size, report.length, littleEndian);
  event.set(report, UhidOffsets.input2.data);
  return event;
}

export function encodeUhidDestroy(): Uint8Array {
  const event = new Uint8Array(4);
  viewOf(event).setUint32(0, UhidEventType.DESTROY, littleEndian);
  return event;
}

/** Answers a GET_REPORT or SET_REPORT (`err` an errno, 0 for success) so the host does not wait for its timeout. */
export function encodeUhidReportReply(kind: 'getReport' | 'setReport', id: number, err: number): Uint8Array {
  const offsets = kind === 'getReport' ? UhidOffsets.getReportReply : UhidOffsets.setReportReply;
  const event = new Uint8Array(kind === 'getReport' ? UhidOffsets.getReportReply.data : UhidOffsets.setReportReply.err + 2);
  const view = viewOf(event);
  view.setUint32(0, kind === 'getReport' ? UhidEventType.GET_REPORT_REPLY : UhidEventType.SET_REPORT_REPLY, littleEndian);
  view.setUint32(offsets.id, id, littleEndian);
  view.setUint16(offsets.err, err, littleEndian);
  return event;
}

/** One event read from /dev/uhid (the kernel always writes whole events; a shorter one is zero-extended). */
export function decodeUhidEvent(bytes: Uint8Array): UhidEventFromKernel {
  if (bytes.length < 4) throw new RangeError(`a uhid event is at least 4 bytes, not ${bytes.length}`);
  const event = new Uint8Array(UHID_EVENT_SIZE);
  event.set(bytes.subarray(0, UHID_EVENT_SIZE));
  const view = viewOf(event);
  const code = view.getUint32(0, littleEndian);
  const sized = (at: number, from: number) => event.slice(from, from + Math.min(view.getUint16(at, littleEndian), UHID_DATA_MAX));
  switch (code) {
    case UhidEventType.START:
      return { type: 'start', devFlags: view.getBigUint64(UhidOffsets.start.devFlags, littleEndian) };
    case UhidEventType.STOP:
      return { type: 'stop' };
    case UhidEventType.OPEN:
      return { type: 'open' };
    case UhidEventType.CLOSE:
      return { type: 'close' };
    case UhidEventType.OUTPUT: {
      const { output } = UhidOffsets;
      return { type: 'output', reportType: event[output.rtype]!, data: sized(output.size, output.data) };
    }
    case UhidEventType.GET_REPORT: {
      const { getReport } = UhidOffsets;
      return { type: 'getReport', id: view.getUint32(getReport.id, littleEndian), reportNumber: event[getReport.rnum]!, reportType: event[getReport.rtype]! };
    }
    case UhidEventType.SET_REPORT: {
      const { setReport } = UhidOffsets;
      return {
        type: 'setReport',
        id: view.getUint32(setReport.id, littleEndian),
        reportNumber: event[setReport.rnum]!,
        reportType: event[setReport.rtype]!,
        data: sized(setReport.size, setReport.data),
      };
    }
    default:
      return { type: 'other', code };
  }
}
