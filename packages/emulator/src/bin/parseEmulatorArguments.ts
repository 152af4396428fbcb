import { parseArgs } from 'node:util';
import type { AuthenticatorOptions } from '../createAuthenticator.js';
import { DEFAULT_UDP_HOST, DEFAULT_UDP_PORT } from '../transports/UdpEmulatorServer.js';
import { DEFAULT_UHID_PRODUCT_ID, DEFAULT_UHID_VENDOR_ID } from '../transports/uhid/UhidDevice.js';
import { fixedUserPresence, type UserPresenceDecision } from '../userPresence/UserPresencePolicy.js';
import type { BuiltInUvDecision } from '../userVerification/BuiltInUvDecision.js';
import { EmulatorUsageError } from './EmulatorUsageError.js';

export type EmulatorCommand =
  | { action: 'help' }
  | { action: 'version' }
  | {
      action: 'run';
      host: string;
      port: number;
      replyPort?: number;
      allowRemote: boolean;
      /** Be a kernel HID device through /dev/uhid instead of listening on UDP (host and port then unused). */
      uhid?: { vendorId: number; productId: number };
      authenticator: AuthenticatorOptions;
    };

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

export const emulatorUsage = `Usage: keybridge-emulator [options]

A software CTAP2.1 / U2F authenticator speaking CTAPHID over UDP (one 64-byte report per datagram), or, on Linux,
a USB security key the kernel sees (--uhid).

Options:
  --udp HOST:PORT          listen here (default ${DEFAULT_UDP_HOST}:${DEFAULT_UDP_PORT}; port 0 picks a free one)
  --uhid                   be a HID security key through /dev/uhid (Linux) instead; prints its hidraw node
  --usb-id VID:PID         the vendor and product id of the --uhid key, in hex (default ${hex4(DEFAULT_UHID_VENDOR_ID)}:${hex4(DEFAULT_UHID_PRODUCT_ID)})
  --reply-port N           answer to this port on the sender's address instead of the sender's port
  --allow-remote           allow a non-loopback HOST (an emulator on a network is a key anyone can use)
  --pin PIN                set this PIN when the state has none
  --state FILE             keep the authenticator state in this JSON file (default: memory only)
  --attestation MODE       packed (default), self or none
  --aaguid AAGUID          32 hex digits or a UUID (default: the test batch certificate's)
  --up DECISION            what the emulated user does when a touch is needed: approve (default), deny, timeout
  --up-delay-ms N          the user takes N ms to decide (default 0)
  --up-timeout-ms N        how long to wait for a touch (default 30000)
  --uv DECISION            built-in user verification, as on fingerprint keys; the emulated finger's decision:
                           approve (it matches) or deny (it does not; each try costs one of 5 UV retries)
  --u2f-only               answer only CTAP1/U2F, like an old key
  --sign-count MODE        signature counters: increasing (default, per credential) or zero (always 0, for a
                           --state file restored on every CI run, where a stored count would go backwards)
  --max-msg-size N         the largest CTAP2 message taken, getInfo maxMsgSize (1024 to 7609, default 7609)
  --max-creds-in-list N    the longest allowList / excludeList taken, getInfo maxCredentialCountInList (default 16)
  --help                   print this and exit
  --version                print the version and exit
`;

const options = {
  udp: { type: 'string' },
  uhid: { type: 'boolean' },
  'usb-id': { type: 'string' },
  'reply-port': { type: 'string' },
  'allow-remote': { type: 'boolean' },
  pin: { type: 'string' },
  state: { type: 'string' },
  attestation: { type: 'string' },
  aaguid: { type: 'string' },
  up: { type: 'string' },
  'up-delay-ms': { type: 'string' },
  'up-timeout-ms': { type: 'string' },
  uv: { type: 'string' },
  'u2f-only': { type: 'boolean' },
  'sign-count': { type: 'string' },
  'max-msg-size': { type: 'string' },
  'max-creds-in-list': { type: 'string' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const;

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new EmulatorUsageError(`--${name} wants an integer from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}

function oneOf<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new EmulatorUsageError(`--${name} wants ${allowed.join(', ')}, not "${text}"`);
  return text as T;
}

/** HOST:PORT, the port after the last colon, so "::1:8111" and "[::1]:8111" both work. */
function hostAndPort(text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, Math.max(colon, 0)).replace(/^\[(.*)\]$/, '$1');
  if (colon < 0 || host === '') throw new EmulatorUsageError(`--udp wants HOST:PORT, not "${text}"`);
  return { host, port: integer('udp', text.slice(colon + 1), 0, 65535) };
}

function usbId(text: string): { vendorId: number; productId: number } {
  const match = /^([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$/.exec(text);
  if (!match) throw new EmulatorUsageError(`--usb-id wants VID:PID in hex, e.g. 1209:0001, not "${text}"`);
  return { vendorId: parseInt(match[1]!, 16), productId: parseInt(match[2]!, 16) };
}

function aaguid(text: string): Uint8Array {
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new EmulatorUsageError(`--aaguid wants 32 hex digits or a UUID, not "${text}"`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function strictParse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    // node's message, e.g. "Unknown option '--frob'. To specify a positional argument, ...": its first sentence is enough.
    throw new EmulatorUsageError((error as Error).message.split('. ')[0]!.split('\n')[0]!);
  }
}

/** The emulator's command line, checked: an unknown option or a bad value is an EmulatorUsageError. */
export function parseEmulatorArguments(argv: string[]): EmulatorCommand {
  const { values } = strictParse(argv);
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };

  const { host, port } = hostAndPort(values.udp ?? `${DEFAULT_UDP_HOST}:${DEFAULT_UDP_PORT}`);
  const decision = oneOf<UserPresenceDecision>('up', values.up ?? 'approve', ['approve', 'deny', 'timeout']);
  const delayMs = values['up-delay-ms'] === undefined ? 0 : integer('up-delay-ms', values['up-delay-ms'], 0, 3_600_000);
  const authenticator: AuthenticatorOptions = {
    attestation: oneOf('attestation', values.attestation ?? 'packed', ['packed', 'self', 'none'] as const),
    userPresence: fixedUserPresence(decision, delayMs),
    userPresenceTimeoutMs:
      values['up-timeout-ms'] === undefined ? 30_000 : integer('up-timeout-ms', values['up-timeout-ms'], 1, 3_600_000),
  };
  if (values.aaguid !== undefined) authenticator.aaguid = aaguid(values.aaguid);
  if (values.pin !== undefined) authenticator.pin = values.pin;
  if (values.state !== undefined) authenticator.statePath = values.state;
  if (values.uv !== undefined) authenticator.builtInUv = oneOf<BuiltInUvDecision>('uv', values.uv, ['approve', 'deny']);
  if (values['u2f-only']) authenticator.u2fOnly = true;
  if (values['sign-count'] !== undefined) authenticator.signCount = oneOf('sign-count', values['sign-count'], ['increasing', 'zero'] as const);
  if (values['max-msg-size'] !== undefined) authenticator.maxMessageSize = integer('max-msg-size', values['max-msg-size'], 1024, 7609);
  if (values['max-creds-in-list'] !== undefined) authenticator.maxCredentialCountInList = integer('max-creds-in-list', values['max-creds-in-list'], 1, 1000);

  const command: EmulatorCommand = { action: 'run', host, port, allowRemote: values['allow-remote'] ?? false, authenticator };
  if (values['reply-port'] !== undefined) command.replyPort = integer('reply-port', values['reply-port'], 1, 65535);
  if (values.uhid) {
    const udpOnly = (['udp', 'reply-port', 'allow-remote'] as const).find((name) => values[name] !== undefined);
    if (udpOnly !== undefined) throw new EmulatorUsageError(`--${udpOnly} is for UDP; --uhid makes a HID device instead`);
    command.uhid = values['usb-id'] === undefined ? { vendorId: DEFAULT_UHID_VENDOR_ID, productId: DEFAULT_UHID_PRODUCT_ID } : usbId(values['usb-id']);
  } else if (values['usb-id'] !== undefined) {
    throw new EmulatorUsageError('--usb-id needs --uhid');
  }
  return command;
}
