import { encodeCtap2Request, SerialQueue, type AuthenticatorInfo, type CborMap, type PinUvAuthProtocol } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice, CtapRequestOptions } from '../hid/CtapDevice.js';
import { choosePinUvAuthProtocol } from './choosePinUvAuthProtocol.js';
import { decodeDeviceResponse } from './decodeDeviceResponse.js';
import { fetchAuthenticatorInfo } from './fetchAuthenticatorInfo.js';

/**
 * What a Ctap2Session and its command groups share (internal, not exported from the package): the device,
 * the cached getInfo, and a lock. Multi-message operations (getAssertion + getNextAssertion, enumerate begin
 * + next, getKeyAgreement + the command that uses the key) must not interleave with other requests of the
 * same session, so each public operation runs under `exclusive` and talks to the device with `call`, which
 * does not lock (calling `exclusive` inside `exclusive` would wait for itself).
 */
export class Ctap2Connection {
  private readonly queue = new SerialQueue();

  constructor(
    readonly device: CtapDevice,
    public info: AuthenticatorInfo,
    /** A PIN/UV auth protocol to use instead of the device's first choice. */
    private readonly preferredPinUvAuthProtocol?: number,
  ) {}

  /** The PIN/UV auth protocol for clientPIN and hmac-secret (see choosePinUvAuthProtocol). */
  pinUvAuthProtocol(): PinUvAuthProtocol {
    return choosePinUvAuthProtocol(this.info, this.preferredPinUvAuthProtocol);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }

  /** One CTAP2 command; `what` names it in errors. A non-zero status is the CtapError of that status. */
  async call(command: number, parameters: CborMap | undefined, options: CtapRequestOptions | undefined, what: string): Promise<CborMap | undefined> {
    const message = encodeCtap2Request(command, parameters);
    const limit = this.info.maxMsgSize;
    // Devices cap their messages (canokey at 1300 bytes) and answer a longer one with a bare CTAPHID error.
    if (limit !== undefined && message.length > limit) {
      throw new CtapClientError('BAD_REQUEST', `${what} request of ${message.length} bytes exceeds the device's maxMsgSize of ${limit}`);
    }
    return decodeDeviceResponse(await this.device.cbor(message, options), what);
  }

  /** getInfo again (after setPin, reset, config…), replacing the cached info. */
  async refreshInfo(options?: CtapRequestOptions): Promise<AuthenticatorInfo> {
    this.info = await fetchAuthenticatorInfo(this.device, options);
    return this.info;
  }
}
