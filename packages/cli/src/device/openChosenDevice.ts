import {
  CtapClientError,
  CtapHidChannel,
  HidTransport,
  listHidSecurityKeys,
  selectDevice,
  UdpTransport,
  type CtapDevice,
  type CtapHidChannelOptions,
  type HidSecurityKeyInfo,
  type ReportTransport,
} from '@keybridge/client';
import { CliError } from '../program/CliError.js';
import { parseDeviceSpec } from './parseDeviceSpec.js';

/** USB HID as the chooser sees it; replaced in tests by keys that are emulators. */
export interface HidAccess {
  list(): Promise<HidSecurityKeyInfo[]>;
  open(path: string): Promise<ReportTransport>;
}

export interface OpenChosenDeviceOptions {
  /** Ctrl-C: aborts opening (and the touch wait when several keys are plugged in). */
  signal?: AbortSignal;
  /** --timeout: how long the key gets to answer, for the first contact and every request. */
  timeoutMs?: number;
  /** Says something to the user on stderr ("Touch the key you want to use"). */
  notify(message: string): void;
  /** Default: node-hid through listHidSecurityKeys and HidTransport. */
  hid?: HidAccess;
  /** --reply-port: a udp: device answers to this local port (firmware simulators), not to the port that asked. */
  replyPort?: number;
}

export const NO_KEY_MESSAGE = 'No security key found: plug one in, or use --device udp:127.0.0.1:8111 for the emulator';
export const TOUCH_TO_CHOOSE_MESSAGE = 'Touch the key you want to use';

const nodeHid: HidAccess = { list: () => listHidSecurityKeys(), open: (path) => HidTransport.open(path) };

async function channelOver(transport: ReportTransport, options: OpenChosenDeviceOptions): Promise<CtapHidChannel> {
  const channelOptions: CtapHidChannelOptions = {};
  if (options.signal) channelOptions.signal = options.signal;
  if (options.timeoutMs !== undefined) {
    channelOptions.initTimeoutMs = options.timeoutMs;
    channelOptions.requestTimeoutMs = options.timeoutMs;
  }
  try {
    return await CtapHidChannel.open(transport, channelOptions);
  } catch (error) {
    await transport.close();
    throw error;
  }
}

/** Several keys: a channel to each that opens (one that does not is left out), then the one the user touches. */
async function chooseByTouch(keys: readonly HidSecurityKeyInfo[], hid: HidAccess, options: OpenChosenDeviceOptions): Promise<CtapDevice> {
  const opened = await Promise.allSettled(keys.map(async (key) => channelOver(await hid.open(key.path), options)));
  const channels = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const firstFailure = opened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (channels.length === 0) throw firstFailure?.reason ?? new CliError('NO_DEVICE', NO_KEY_MESSAGE);
  if (channels.length > 1) options.notify(TOUCH_TO_CHOOSE_MESSAGE);
  let chosen: CtapDevice | undefined;
  try {
    chosen = await selectDevice(channels, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return chosen;
  } finally {
    await Promise.all(channels.filter((channel) => channel !== chosen).map((channel) => channel.close().catch(() => undefined)));
  }
}

/**
 * Something listens at the UDP address (else the socket reports ECONNREFUSED) but never answers INIT: most likely a
 * simulator that sends its answers to a fixed port, which only --reply-port receives.
 */
async function explainSilentUdp(opening: Promise<CtapDevice>, spec: string, replyPort: number | undefined): Promise<CtapDevice> {
  try {
    return await opening;
  } catch (error) {
    if (!(error instanceof CtapClientError) || error.code !== 'TIMEOUT') throw error;
    const hint =
      replyPort === undefined
        ? 'a firmware simulator that answers to a fixed port (solo, canokey: 7112) needs --reply-port 7112, as does "keybridge emulator --reply-port N" with --reply-port N'
        : `is it answering to port ${replyPort}? Without --reply-port the answers come back to the port that asked`;
    throw new CliError('NO_ANSWER', `${spec} did not answer CTAPHID INIT: ${hint}`, undefined, { cause: error });
  }
}

/**
 * The key a command talks to: `--device hid:PATH | udp:HOST:PORT` (or KEYBRIDGE_DEVICE, which commander folds
 * into the option), else the one HID key plugged in, else, with several, the one the user touches (selectDevice).
 * No key at all is a CliError NO_DEVICE with the way to the emulator.
 */
export async function openChosenDevice(spec: string | undefined, options: OpenChosenDeviceOptions): Promise<CtapDevice> {
  const hid = options.hid ?? nodeHid;
  const device = spec === undefined || spec === '' ? undefined : parseDeviceSpec(spec);
  if (options.replyPort !== undefined && device?.kind !== 'udp') {
    throw new CliError('USAGE', '--reply-port goes with --device udp:HOST:PORT (a firmware simulator or the emulator started with --reply-port)');
  }
  if (device?.kind === 'udp') {
    const { host, port } = device;
    const transport = await UdpTransport.open({ host, port, ...(options.replyPort === undefined ? {} : { replyPort: options.replyPort }) });
    return explainSilentUdp(channelOver(transport, options), spec!, options.replyPort);
  }
  if (device?.kind === 'hid') return channelOver(await hid.open(device.path), options);
  const keys = await hid.list();
  if (keys.length === 0) throw new CliError('NO_DEVICE', NO_KEY_MESSAGE);
  if (keys.length === 1) return channelOver(await hid.open(keys[0]!.path), options);
  return chooseByTouch(keys, hid, options);
}
