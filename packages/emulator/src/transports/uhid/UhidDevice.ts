import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { CtapHidDevice, type CtapHidAuthenticator, type CtapHidDeviceOptions } from '../../hid/CtapHidDevice.js';
import { FIDO_REPORT_DESCRIPTOR } from './fidoReportDescriptor.js';
import { findHidrawNode } from './findHidrawNode.js';
import { UhidError } from './UhidError.js';
import {
  decodeUhidEvent,
  encodeUhidCreate2,
  encodeUhidDestroy,
  encodeUhidInput2,
  encodeUhidReportReply,
  UHID_EVENT_SIZE,
  UhidReportType,
  type UhidEventFromKernel,
} from './uhidEvent.js';

/** pid.codes' test vendor and product id (1209:0001), for devices that are only ever tested with. */
export const DEFAULT_UHID_VENDOR_ID = 0x1209;
export const DEFAULT_UHID_PRODUCT_ID = 0x0001;
export const DEFAULT_UHID_NAME = 'Keybridge Emulator';

export interface UhidDeviceOptions {
  /** The HID name (HID_NAME: what hidapi reports as the product). */
  name?: string;
  vendorId?: number;
  productId?: number;
  /** Default /dev/uhid. */
  uhidPath?: string;
  /** Where to find the hidraw node; default /sys. */
  sysfsRoot?: string;
  /** How long the kernel may take to bind a HID driver and make the hidraw node; default 5000 ms. */
  startTimeoutMs?: number;
  /** The longest pause between two reads of /dev/uhid while no event comes; default 20 ms. */
  maxPollIntervalMs?: number;
  device?: CtapHidDeviceOptions;
}

export interface UhidDeviceStarted {
  /** "/dev/hidraw3": the node hosts open. */
  hidrawPath: string;
  /** HID_UNIQ, which hidapi reports as the serial number. */
  uniq: string;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * The emulator as a kernel HID device through Linux's /dev/uhid: CREATE2 with the FIDO report descriptor makes a USB
 * HID security key that hidraw clients (browsers, libfido2, node-hid) open like a real one. A host's 65-byte write
 * comes as UHID_OUTPUT with the report-id byte first, which is stripped; each 64-byte answer goes back as UHID_INPUT2.
 *
 * The fd is non-blocking and read from the main thread with readSync, polled on a timer (1 ms after activity, backing
 * off to `maxPollIntervalMs` when idle). A blocking read on the libuv threadpool would have no pending-read problem
 * while running, but nothing can cancel it: Node waits for threadpool reads at exit, so a crash or process.exit()
 * with a read pending would hang with the device still there. With polling, exit always closes the fd, and the
 * kernel removes the device.
 */
export class UhidDevice {
  readonly device: CtapHidDevice;
  private readonly name: string;
  private readonly vendorId: number;
  private readonly productId: number;
  private readonly uhidPath: string;
  private readonly sysfsRoot: string;
  private readonly startTimeoutMs: number;
  private readonly maxPollIntervalMs: number;
  private readonly uniq = `keybridge-${randomBytes(8).toString('hex')}`;
  private readonly buffer = Buffer.alloc(UHID_EVENT_SIZE);
  private fd: number | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private pollDelayMs = 0;
  private started = false;
  private onStart: (() => void) | undefined;
  /** Whether some host has the hidraw node open (OPEN comes with the first open, CLOSE with the last close). */
  private hostOpen = false;

  constructor(authenticator: CtapHidAuthenticator, options: UhidDeviceOptions = {}) {
    this.name = options.name ?? DEFAULT_UHID_NAME;
    this.vendorId = options.vendorId ?? DEFAULT_UHID_VENDOR_ID;
    this.productId = options.productId ?? DEFAULT_UHID_PRODUCT_ID;
    this.uhidPath = options.uhidPath ?? '/dev/uhid';
    this.sysfsRoot = options.sysfsRoot ?? '/sys';
    this.startTimeoutMs = options.startTimeoutMs ?? 5000;
    this.maxPollIntervalMs = Math.max(1, options.maxPollIntervalMs ?? 20);
    this.device = new CtapHidDevice(authenticator, options.device);
  }

  /** Creates the kernel device; resolves once its hidraw node exists. */
  async start(): Promise<UhidDeviceStarted> {
    if (this.fd !== undefined) throw new Error('the uhid device is already started');
    if (process.platform !== 'linux') throw new UhidError('UHID_UNSUPPORTED_PLATFORM', `--uhid needs Linux (/dev/uhid); this is ${process.platform}`);
    this.fd = this.openUhid();
    try {
      writeSync(
        this.fd,
        encodeUhidCreate2({ name: this.name, uniq: this.uniq, vendorId: this.vendorId, productId: this.productId, reportDescriptor: FIDO_REPORT_DESCRIPTOR }),
      );
      this.schedulePoll(0);
      const hidrawPath = await this.waitForHidraw();
      return { hidrawPath, uniq: this.uniq };
    } catch (error) {
      this.destroy();
      if (error instanceof UhidError) throw error;
      throw new UhidError('UHID_FAILED', `cannot create the uhid device: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Removes the kernel device, then closes the CTAPHID device (waiting for a request in progress to settle). */
  async close(): Promise<void> {
    this.destroy();
    await this.device.close();
  }

  private openUhid(): number {
    try {
      return openSync(this.uhidPath, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') throw new UhidError('UHID_MISSING', `${this.uhidPath} does not exist: load the uhid kernel module (sudo modprobe uhid)`, { cause: error });
      if (code === 'EACCES' || code === 'EPERM') {
        throw new UhidError('UHID_ACCESS_DENIED', `no permission to open ${this.uhidPath}: run as root, or give your user access with the udev rule in the README`, {
          cause: error,
        });
      }
      throw new UhidError('UHID_FAILED', `cannot open ${this.uhidPath}: ${(error as Error).message}`, { cause: error });
    }
  }

  private async waitForHidraw(): Promise<string> {
    const deadline = Date.now() + this.startTimeoutMs;
    const noDriver = () =>
      new UhidError('UHID_NO_DRIVER', `no HID driver took the uhid device within ${this.startTimeoutMs} ms: load hid-generic (sudo modprobe hid-generic)`);
    if (!this.started) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.onStart = undefined;
          reject(noDriver());
        }, this.startTimeoutMs);
        this.onStart = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    // START comes just before the kernel connects hidraw: the node may take a moment to show in sysfs.
    for (;;) {
      const path = await findHidrawNode(this.uniq, this.sysfsRoot);
      if (path !== undefined) return path;
      if (Date.now() > deadline) throw new UhidError('UHID_NO_DRIVER', 'the uhid device got no hidraw node (a kernel without CONFIG_HIDRAW?)');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private schedulePoll(delayMs: number): void {
    if (this.fd === undefined) return;
    clearTimeout(this.pollTimer);
    this.pollDelayMs = delayMs;
    this.pollTimer = setTimeout(() => this.poll(), delayMs);
  }

  /** Reads every queued event (at most 64 before yielding to the event loop), then schedules the next read. */
  private poll(): void {
    this.pollTimer = undefined;
    let events = 0;
    while (this.fd !== undefined && events < 64) {
      let length: number;
      try {
        length = readSync(this.fd, this.buffer, 0, UHID_EVENT_SIZE, null);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') break;
        if (code === 'EINTR') continue;
        process.stderr.write(`keybridge-emulator: reading ${this.uhidPath} failed: ${(error as Error).message}\n`);
        this.destroy();
        return;
      }
      if (length === 0) break;
      events++;
      this.handle(decodeUhidEvent(this.buffer.subarray(0, length)));
    }
    this.schedulePoll(events > 0 ? 0 : Math.min(Math.max(1, this.pollDelayMs * 2), this.maxPollIntervalMs));
  }

  private handle(event: UhidEventFromKernel): void {
    switch (event.type) {
      case 'start':
        this.started = true;
        this.onStart?.();
        this.onStart = undefined;
        return;
      case 'open':
        this.hostOpen = true;
        return;
      case 'close':
        // The last host closed the node: the answer of a request in progress has no reader any more.
        if (this.hostOpen) this.device.hostsGone();
        this.hostOpen = false;
        return;
      case 'output':
        // hidraw hands over the report-id byte (0: FIDO reports are unnumbered) before the 64-byte report.
        if (event.reportType === UhidReportType.OUTPUT && event.data.length > 0) {
          this.device.receive(event.data.subarray(1), (report) => this.send(encodeUhidInput2(report)));
        }
        return;
      case 'getReport':
      case 'setReport':
        // A FIDO key has no feature reports: EIO at once instead of the host's 5-second timeout.
        this.send(encodeUhidReportReply(event.type, event.id, 5));
        return;
      default:
        return;
    }
  }

  /** One event to the kernel; an answer sent right after a poll found nothing makes the next poll come soon. */
  private send(event: Uint8Array): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, event);
    } catch (error) {
      process.stderr.write(`keybridge-emulator: writing to ${this.uhidPath} failed: ${(error as Error).message}\n`);
      return;
    }
    if (this.pollDelayMs > 1) this.schedulePoll(1);
  }

  private destroy(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      writeSync(fd, encodeUhidDestroy());
    } catch {
      // Not created, or already gone: closing the fd removes it anyway.
    }
    closeSync(fd);
  }
}
