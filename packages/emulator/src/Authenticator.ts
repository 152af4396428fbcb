import { Ctap2Command, CtapError, CtapStatus, KeyAgreementKeyPair, SerialQueue, decodeCtap2Request, encodeCtap2Response } from '@keybridge/ctap';
import type { AuthenticatorConfig, AuthenticatorCore, VolatileState } from './AuthenticatorCore.js';
import { ctap2Handlers } from './ctap2/ctap2Handlers.js';
import type { AuthenticatorState } from './state/AuthenticatorState.js';
import { PinUvAuthTokenState } from './state/PinUvAuthTokenState.js';
import type { StateStore } from './state/StateStore.js';
import { handleU2fApdu } from './u2f/handleU2fApdu.js';
import { U2fTouch } from './u2f/U2fTouch.js';
import { collectUserPresence } from './userPresence/collectUserPresence.js';
import type { RequestContext } from './userPresence/RequestContext.js';
import type { UserPresencePolicy, UserPresenceRequest } from './userPresence/UserPresencePolicy.js';
import type { BuiltInUvDecision } from './userVerification/BuiltInUvDecision.js';

/**
 * The emulated authenticator, transport-free: CTAP2 messages and U2F APDUs in, responses out.
 * Transports (CtapHidDevice for CTAPHID, UDP around it) sit on top; a client may also call it directly.
 * Requests are served one at a time, as on a real key.
 */
export class Authenticator implements AuthenticatorCore {
  volatile: VolatileState;
  /** How often WINK was asked for; a test can watch it. */
  winks = 0;
  private readonly queue = new SerialQueue();
  private readonly touch: U2fTouch;

  constructor(
    readonly config: AuthenticatorConfig,
    readonly state: AuthenticatorState,
    private readonly store: StateStore,
    public userPresencePolicy: UserPresencePolicy,
    readonly now: () => number = Date.now,
    /** Built-in UV, if the key has it; a test may change the decision between requests (not whether there is UV). */
    public builtInUv: BuiltInUvDecision | undefined = undefined,
  ) {
    this.volatile = this.freshVolatileState();
    this.touch = new U2fTouch(now);
  }

  private freshVolatileState(): VolatileState {
    return {
      poweredUpAt: this.now(),
      pinToken: new PinUvAuthTokenState(this.now),
      keyAgreement: new KeyAgreementKeyPair(),
      consecutivePinFailures: 0,
    };
  }

  /** Unplug and plug in again: tokens, key agreement keys and the PIN-blocked-until-power-cycle state go. */
  powerCycle(): void {
    this.volatile = this.freshVolatileState();
  }

  persist(): Promise<void> {
    return this.store.save(this.state);
  }

  userPresence(request: UserPresenceRequest, context: RequestContext): Promise<void> {
    return collectUserPresence(this.userPresencePolicy, request, context, this.config.userPresenceTimeoutMs);
  }

  u2fTouch(): Promise<boolean> {
    return this.touch.take(this.userPresencePolicy, { purpose: 'u2f' });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }

  /** One CTAP2 message (command byte + CBOR) in, one response (status byte + CBOR) out. Never throws. */
  handleCtap2(message: Uint8Array, context: RequestContext = {}): Promise<Uint8Array> {
    return this.serialized(async () => {
      try {
        if (!this.config.ctap2) throw new CtapError(CtapStatus.INVALID_COMMAND, 'CTAP2 is switched off (U2F-only mode)');
        // The command byte is judged before the parameters: an unknown command is INVALID_COMMAND whatever follows.
        if (message.length === 0) throw new CtapError(CtapStatus.INVALID_LENGTH, 'empty CTAP2 message');
        // CTAP 2.1 §8 (Message Encoding): a message larger than maxMsgSize may be refused with REQUEST_TOO_LARGE.
        if (message.length > this.config.maxMessageSize) {
          throw new CtapError(CtapStatus.REQUEST_TOO_LARGE, `${message.length} bytes, maxMsgSize is ${this.config.maxMessageSize}`);
        }
        const handler = ctap2Handlers.get(message[0]!);
        if (!handler) throw new CtapError(CtapStatus.INVALID_COMMAND, `unknown command 0x${message[0]!.toString(16)}`);
        // Enumerations and assertion batches continue only with their own next-command, directly after.
        const command = message[0]!;
        if (command !== Ctap2Command.credentialManagement) this.volatile.credentialEnumeration = undefined;
        if (command !== Ctap2Command.getNextAssertion && command !== Ctap2Command.getAssertion) this.volatile.pendingAssertions = undefined;
        const { parameters } = decodeCtap2Request(message);
        return encodeCtap2Response(CtapStatus.OK, await handler(this, parameters, context));
      } catch (error) {
        if (error instanceof CtapError) return encodeCtap2Response(error.status);
        // A bug of ours must not take the key down: answer OTHER, and say what happened on stderr.
        process.stderr.write(`keybridge-emulator: internal error: ${(error as Error).stack ?? String(error)}\n`);
        return encodeCtap2Response(CtapStatus.OTHER);
      }
    });
  }

  /** One CTAP1/U2F APDU in, response data || status word out. Never throws. */
  handleU2f(apdu: Uint8Array, context: RequestContext = {}): Promise<Uint8Array> {
    return this.serialized(() => handleU2fApdu(this, apdu, context));
  }
}
