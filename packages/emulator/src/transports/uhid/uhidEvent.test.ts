import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIDO_REPORT_DESCRIPTOR } from './fidoReportDescriptor.js';
import {
  BUS_USB,
  decodeUhidEvent,
  encodeUhidCreate2,
  encodeUhidDestroy,
  encodeUhidInput2,
  encodeUhidReportReply,
  HID_MAX_DESCRIPTOR_SIZE,
  UHID_DATA_MAX,
  UHID_EVENT_SIZE,
  UhidEventType,
  UhidOffsets,
  UhidReportType,
} from './uhidEvent.js';

const run = promisify(execFile);

/** An event as the kernel writes it: the whole struct, type first, fields set at their offsets. */
function kernelEvent(type: number, fields: (view: DataView, bytes: Uint8Array) => void = () => undefined): Uint8Array {
  const bytes = new Uint8Array(UHID_EVENT_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  fields(view, bytes);
  return bytes;
}

// The numbers of uhidEvent.ts, as the C compiler sees them in Debian's linux-libc-dev header.
describe('uhid constants and layout against /usr/include/linux/uhid.h', () => {
  let directory: string;
  let fromHeader: Record<string, number>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'keybridge-uhid-h-'));
    const offsets = Object.entries(UhidOffsets).flatMap(([request, fields]) =>
      Object.keys(fields).map((field) => {
        const member = { rdSize: 'rd_size', rdData: 'rd_data', devFlags: 'dev_flags' }[field] ?? field;
        const union = { input2: 'input2', output: 'output', create2: 'create2', getReport: 'get_report', getReportReply: 'get_report_reply', setReport: 'set_report', setReportReply: 'set_report_reply', start: 'start' }[request];
        return `  printf("%s.%s %zu\\n", "${request}", "${field}", offsetof(struct uhid_event, u.${union}.${member}));`;
      }),
    );
    const constants = [...Object.keys(UhidEventType).map((name) => `UHID_${name}`), 'UHID_FEATURE_REPORT', 'UHID_OUTPUT_REPORT', 'UHID_INPUT_REPORT', 'UHID_DATA_MAX', 'HID_MAX_DESCRIPTOR_SIZE', 'BUS_USB'];
    const program = [
      '#include <stddef.h>',
      '#include <stdio.h>',
      '#include <linux/uhid.h>',
      'int main(void) {',
      '  printf("size %zu\\n", sizeof(struct uhid_event));',
      ...constants.map((name) => `  printf("%s %d\\n", "${name}", (int)${name});`),
      ...offsets,
      '  return 0;',
      '}',
    ].join('\n');
    await writeFile(join(directory, 'uhid_layout.c'), program);
    await run('cc', ['-o', join(directory, 'uhid_layout'), join(directory, 'uhid_layout.c')]);
    const { stdout } = await run(join(directory, 'uhid_layout'));
    fromHeader = Object.fromEntries(stdout.trim().split('\n').map((line) => [line.split(' ')[0]!, Number(line.split(' ')[1])]));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('has the size of the packed struct uhid_event', () => {
    expect(fromHeader.size).toBe(UHID_EVENT_SIZE);
  });

  it('has the event and report type numbers and the limits', () => {
    for (const [name, value] of Object.entries(UhidEventType)) expect([name, fromHeader[`UHID_${name}`]]).toEqual([name, value]);
    expect(fromHeader).toMatchObject({
      UHID_FEATURE_REPORT: UhidReportType.FEATURE,
      UHID_OUTPUT_REPORT: UhidReportType.OUTPUT,
      UHID_INPUT_REPORT: UhidReportType.INPUT,
      UHID_DATA_MAX,
      HID_MAX_DESCRIPTOR_SIZE,
      BUS_USB,
    });
  });

  it('has the offset of every field it reads or writes', () => {
    const ours = Object.entries(UhidOffsets).flatMap(([request, fields]) => Object.entries(fields).map(([field, offset]) => [`${request}.${field}`, offset]));
    expect(ours.map(([key]) => [key, fromHeader[key as string]])).toEqual(ours);
  });
});

describe('uhid events', () => {
  it('encodes CREATE2 with the name, uniq, ids, bus and report descriptor at their offsets', () => {
    const event = encodeUhidCreate2({ name: 'Keybridge Emulator', uniq: 'keybridge-0123', vendorId: 0x1209, productId: 0xbeef, reportDescriptor: FIDO_REPORT_DESCRIPTOR });
    const view = new DataView(event.buffer);
    const text = (offset: number, size: number) => Buffer.from(event.subarray(offset, offset + size)).toString('utf8').replace(/\0+$/, '');
    const { create2 } = UhidOffsets;
    expect(event).toHaveLength(UHID_EVENT_SIZE);
    expect(view.getUint32(0, true)).toBe(UhidEventType.CREATE2);
    expect(text(create2.name, 128)).toBe('Keybridge Emulator');
    expect(text(create2.phys, 64)).toBe('');
    expect(text(create2.uniq, 64)).toBe('keybridge-0123');
    expect(view.getUint16(create2.rdSize, true)).toBe(FIDO_REPORT_DESCRIPTOR.length);
    expect(view.getUint16(create2.bus, true)).toBe(BUS_USB);
    expect(view.getUint32(create2.vendor, true)).toBe(0x1209);
    expect(view.getUint32(create2.product, true)).toBe(0xbeef);
    expect(event.subarray(create2.rdData, create2.rdData + FIDO_REPORT_DESCRIPTOR.length)).toEqual(FIDO_REPORT_DESCRIPTOR);
    expect(event.subarray(create2.rdData + FIDO_REPORT_DESCRIPTOR.length).every((byte) => byte === 0)).toBe(true);
  });

  it('refuses a name that does not fit with its NUL', () => {
    const request = { name: 'x'.repeat(128), uniq: 'u', vendorId: 1, productId: 1, reportDescriptor: FIDO_REPORT_DESCRIPTOR };
    expect(() => encodeUhidCreate2(request)).toThrow(/name takes at most 127 bytes/);
    expect(() => encodeUhidCreate2({ ...request, name: 'n', uniq: 'é'.repeat(32) })).toThrow(/uniq takes at most 63 bytes, not 64/);
  });

  it('encodes a 64-byte answer as a short INPUT2 and DESTROY as its type alone', () => {
    const report = Uint8Array.from({ length: 64 }, (_, index) => index + 1);
    const event = encodeUhidInput2(report);
    const view = new DataView(event.buffer);
    expect(event).toHaveLength(UhidOffsets.input2.data + 64);
    expect(view.getUint32(0, true)).toBe(UhidEventType.INPUT2);
    expect(view.getUint16(UhidOffsets.input2.size, true)).toBe(64);
    expect(event.subarray(UhidOffsets.input2.data)).toEqual(report);
    expect(encodeUhidDestroy()).toEqual(Uint8Array.of(UhidEventType.DESTROY, 0, 0, 0));
  });

  it('encodes the replies to GET_REPORT and SET_REPORT with their id and errno', () => {
    const get = new DataView(encodeUhidReportReply('getReport', 0x01020304, 5).buffer);
    expect([get.getUint32(0, true), get.getUint32(UhidOffsets.getReportReply.id, true), get.getUint16(UhidOffsets.getReportReply.err, true)]).toEqual([
      UhidEventType.GET_REPORT_REPLY,
      0x01020304,
      5,
    ]);
    const set = encodeUhidReportReply('setReport', 7, 5);
    expect(set).toHaveLength(UhidOffsets.setReportReply.err + 2);
    const setView = new DataView(set.buffer);
    expect([setView.getUint32(0, true), setView.getUint32(UhidOffsets.setReportReply.id, true), setView.getUint16(UhidOffsets.setReportReply.err, true)]).toEqual([
      UhidEventType.SET_REPORT_REPLY,
      7,
      5,
    ]);
  });

  it('decodes a 65-byte OUTPUT (report id first) into a copy of its size', () => {
    const written = Uint8Array.from({ length: 65 }, (_, index) => (index === 0 ? 0 : 0x40 + index));
    const bytes = kernelEvent(UhidEventType.OUTPUT, (view, raw) => {
      raw.set(written, UhidOffsets.output.data);
      raw[UhidOffsets.output.data + 65] = 0xee; // beyond size: not part of the report
      view.setUint16(UhidOffsets.output.size, 65, true);
      raw[UhidOffsets.output.rtype] = UhidReportType.OUTPUT;
    });
    const event = decodeUhidEvent(bytes);
    expect(event).toEqual({ type: 'output', reportType: UhidReportType.OUTPUT, data: written });
    bytes.fill(0);
    expect(event).toEqual({ type: 'output', reportType: UhidReportType.OUTPUT, data: written });
  });

  it('decodes START with its flags, STOP, OPEN, CLOSE, the report requests, and an unknown type', () => {
    expect(decodeUhidEvent(kernelEvent(UhidEventType.START, (view) => view.setBigUint64(4, 0b110n, true)))).toEqual({ type: 'start', devFlags: 0b110n });
    expect(decodeUhidEvent(kernelEvent(UhidEventType.STOP))).toEqual({ type: 'stop' });
    expect(decodeUhidEvent(kernelEvent(UhidEventType.OPEN))).toEqual({ type: 'open' });
    expect(decodeUhidEvent(kernelEvent(UhidEventType.CLOSE))).toEqual({ type: 'close' });
    const getReport = kernelEvent(UhidEventType.GET_REPORT, (view, raw) => {
      view.setUint32(UhidOffsets.getReport.id, 42, true);
      raw[UhidOffsets.getReport.rnum] = 3;
      raw[UhidOffsets.getReport.rtype] = UhidReportType.FEATURE;
    });
    expect(decodeUhidEvent(getReport)).toEqual({ type: 'getReport', id: 42, reportNumber: 3, reportType: UhidReportType.FEATURE });
    const setReport = kernelEvent(UhidEventType.SET_REPORT, (view, raw) => {
      view.setUint32(UhidOffsets.setReport.id, 43, true);
      raw[UhidOffsets.setReport.rnum] = 1;
      raw[UhidOffsets.setReport.rtype] = UhidReportType.FEATURE;
      view.setUint16(UhidOffsets.setReport.size, 2, true);
      raw.set([9, 8, 7], UhidOffsets.setReport.data);
    });
    expect(decodeUhidEvent(setReport)).toEqual({ type: 'setReport', id: 43, reportNumber: 1, reportType: UhidReportType.FEATURE, data: Uint8Array.of(9, 8) });
    expect(decodeUhidEvent(kernelEvent(99))).toEqual({ type: 'other', code: 99 });
  });

  it('zero-extends a short event and refuses one without a type', () => {
    expect(decodeUhidEvent(Uint8Array.of(UhidEventType.OPEN, 0, 0, 0))).toEqual({ type: 'open' });
    expect(decodeUhidEvent(Uint8Array.of(UhidEventType.OUTPUT, 0, 0, 0))).toEqual({ type: 'output', reportType: 0, data: new Uint8Array(0) });
    expect(() => decodeUhidEvent(Uint8Array.of(1, 0))).toThrow(RangeError);
  });

  it('caps a size beyond UHID_DATA_MAX at the data there is', () => {
    const bytes = kernelEvent(UhidEventType.OUTPUT, (view) => view.setUint16(UhidOffsets.output.size, 0xffff, true));
    const event = decodeUhidEvent(bytes);
    expect(event.type === 'output' && event.data.length).toBe(UHID_DATA_MAX);
  });
});

describe('the FIDO report descriptor', () => {
  it('declares usage page 0xF1D0, usage 0x01, and 64-byte input and output reports without report ids', () => {
    const descriptor = Buffer.from(FIDO_REPORT_DESCRIPTOR).toString('hex');
    expect(descriptor.startsWith('06d0f10901a101')).toBe(true);
    expect(descriptor.match(/75089540(81|91)02/g)).toEqual(['7508954081' + '02', '7508954091' + '02']);
    expect(descriptor).not.toMatch(/^(..)*85/); // no Report ID item
    expect(descriptor.endsWith('c0')).toBe(true);
  });
});
