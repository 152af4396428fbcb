import {
  CtapHidKeepaliveStatus,
  decodeApduResponse,
  encodeApdu,
  encodeAuthenticateRequest,
  encodeRegisterRequest,
  parseAuthenticateResponse,
  parseRegisterResponse,
  U2fAuthenticateControl,
  U2fInstruction,
  U2fStatusWord,
  type U2fCommandApdu,
} from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice, CtapRequestOptions } from '../hid/CtapDevice.js';
import { delayUnlessAborted } from './delayUnlessAborted.js';
import type { U2fAssertion, U2fAuthenticateControlOptions, U2fRegistration } from './U2fResults.js';
import { U2fStatusError } from './U2fStatusError.js';

/** How often a request is repeated while the device waits for a touch (U2F devices never wait themselves). */
const POLL_INTERVAL_MS = 100;
/** How long to keep asking for a touch when the caller gives no timeoutMs. */
const DEFAULT_TOUCH_TIMEOUT_MS = 30_000;

/** Codec failures on the device's answer are the device's fault, not a status it chose. */
function parseAnswer<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new CtapClientError('PROTOCOL_ERROR', `malformed U2F ${what} response`, { cause: error });
  }
}

/** Encoding fails only for arguments of the wrong size: the caller's mistake. */
function encodeArguments<T>(encode: () => T): T {
  try {
    return encode();
  } catch (error) {
    throw new CtapClientError('BAD_REQUEST', error instanceof Error ? error.message : 'bad U2F arguments', { cause: error });
  }
}

/**
 * CTAP1 / U2F over CTAPHID_MSG, for keys without CTAP2 (and for CTAP2 keys that speak U2F too). REGISTER and
 * AUTHENTICATE answer 6985 at once while no touch is at hand: the session repeats them every ~100 ms, reports
 * "touch your key" through onKeepalive(2), and stops with CtapClientError CANCELLED when `signal` aborts or
 * TIMEOUT after `timeoutMs` (default 30 s). Any other status word than 9000 is a U2fStatusError.
 */
export class Ctap1Session {
  readonly kind = 'ctap1';

  constructor(readonly device: CtapDevice) {}

  /** VERSION: "U2F_V2" on every U2F key. */
  async getVersion(options?: CtapRequestOptions): Promise<string> {
    const data = await this.once({ cla: 0, ins: U2fInstruction.VERSION, p1: 0, p2: 0, data: new Uint8Array(0) }, options, 'VERSION');
    return new TextDecoder().decode(data);
  }

  /** REGISTER for `application` (SHA-256 of the app id / RP ID) with `challenge` (32 bytes each); waits for a touch. */
  async register(challenge: Uint8Array, application: Uint8Array, options?: CtapRequestOptions): Promise<U2fRegistration> {
    const data = encodeArguments(() => encodeRegisterRequest({ challenge, application }));
    const raw = await this.untilUserPresent({ cla: 0, ins: U2fInstruction.REGISTER, p1: 0, p2: 0, data }, options, 'REGISTER');
    return {
      ...parseAnswer('REGISTER', () => parseRegisterResponse(raw)),
      challenge: Uint8Array.from(challenge),
      application: Uint8Array.from(application),
      raw,
    };
  }

  /**
   * AUTHENTICATE with `keyHandle`. By default user presence is enforced (P1 03) and the session waits for the touch;
   * `dontEnforce` (P1 08) signs without one. `checkOnly` (P1 07) never signs: the device's 6985 (the key handle is
   * its own) or 6A80 (it is not) comes back as a U2fStatusError; isKeyHandleKnown says it as a boolean.
   * A key handle the device does not know is U2fStatusError WRONG_DATA (6A80).
   */
  async authenticate(
    challenge: Uint8Array,
    application: Uint8Array,
    keyHandle: Uint8Array,
    control: U2fAuthenticateControlOptions = {},
    options?: CtapRequestOptions,
  ): Promise<U2fAssertion> {
    if (control.checkOnly && control.dontEnforce) throw new CtapClientError('BAD_REQUEST', 'checkOnly and dontEnforce exclude each other');
    const p1 = control.checkOnly
      ? U2fAuthenticateControl.CHECK_ONLY
      : control.dontEnforce
        ? U2fAuthenticateControl.DONT_ENFORCE
        : U2fAuthenticateControl.ENFORCE;
    const data = encodeArguments(() => encodeAuthenticateRequest({ challenge, application, keyHandle }));
    const apdu: U2fCommandApdu = { cla: 0, ins: U2fInstruction.AUTHENTICATE, p1, p2: 0, data };
    const raw =
      p1 === U2fAuthenticateControl.ENFORCE
        ? await this.untilUserPresent(apdu, options, 'AUTHENTICATE')
        : await this.once(apdu, options, 'AUTHENTICATE');
    return {
      ...parseAnswer('AUTHENTICATE', () => parseAuthenticateResponse(raw)),
      challenge: Uint8Array.from(challenge),
      application: Uint8Array.from(application),
      keyHandle: Uint8Array.from(keyHandle),
      raw,
    };
  }

  /** A check-only AUTHENTICATE: whether `keyHandle` was made by this device for `application`. Needs no touch. */
  async isKeyHandleKnown(application: Uint8Array, keyHandle: Uint8Array, options?: CtapRequestOptions): Promise<boolean> {
    const data = encodeArguments(() => encodeAuthenticateRequest({ challenge: new Uint8Array(32), application, keyHandle }));
    const apdu: U2fCommandApdu = { cla: 0, ins: U2fInstruction.AUTHENTICATE, p1: U2fAuthenticateControl.CHECK_ONLY, p2: 0, data };
    const { statusWord } = await this.exchange(apdu, options);
    // 6985: "known, would need a touch"; 9000 from a device that signs anyway also means known.
    if (statusWord === U2fStatusWord.CONDITIONS_NOT_SATISFIED || statusWord === U2fStatusWord.NO_ERROR) return true;
    if (statusWord === U2fStatusWord.WRONG_DATA) return false;
    throw new U2fStatusError(statusWord, 'check-only AUTHENTICATE');
  }

  close(): Promise<void> {
    return this.device.close();
  }

  private async exchange(apdu: U2fCommandApdu, options: CtapRequestOptions | undefined): Promise<{ data: Uint8Array; statusWord: number }> {
    const response = await this.device.msg(encodeApdu(apdu), options);
    return parseAnswer('APDU', () => decodeApduResponse(response));
  }

  private async once(apdu: U2fCommandApdu, options: CtapRequestOptions | undefined, what: string): Promise<Uint8Array> {
    const { data, statusWord } = await this.exchange(apdu, options);
    if (statusWord !== U2fStatusWord.NO_ERROR) throw new U2fStatusError(statusWord, what);
    return data;
  }

  private async untilUserPresent(apdu: U2fCommandApdu, options: CtapRequestOptions = {}, what: string): Promise<Uint8Array> {
    const { signal, onKeepalive } = options;
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TOUCH_TIMEOUT_MS);
    for (;;) {
      if (signal?.aborted) throw new CtapClientError('CANCELLED', `${what} cancelled`, { cause: signal.reason });
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new CtapClientError('TIMEOUT', `${what}: nobody touched the key in time`);
      const { data, statusWord } = await this.exchange(apdu, { ...options, timeoutMs: remaining });
      if (statusWord === U2fStatusWord.NO_ERROR) return data;
      if (statusWord !== U2fStatusWord.CONDITIONS_NOT_SATISFIED) throw new U2fStatusError(statusWord, what);
      onKeepalive?.(CtapHidKeepaliveStatus.UPNEEDED);
      await delayUnlessAborted(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())), signal);
    }
  }
}
