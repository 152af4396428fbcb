import { pinUvAuthProtocol, type AuthenticatorInfo, type PinUvAuthProtocol } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';

const IMPLEMENTED: readonly number[] = [1, 2];

/**
 * The PIN/UV auth protocol to use with a device: the first one in getInfo's pinUvAuthProtocols (the device's
 * order of preference) that we implement, or `preferred` when the device offers it. A CTAP 2.0 device that
 * lists none has protocol 1 only. No common protocol is UNSUPPORTED.
 */
export function choosePinUvAuthProtocol(info: AuthenticatorInfo, preferred?: number): PinUvAuthProtocol {
  const offered = info.pinUvAuthProtocols ?? [1];
  if (preferred !== undefined) {
    if (!offered.includes(preferred) || !IMPLEMENTED.includes(preferred)) {
      throw new CtapClientError('UNSUPPORTED', `the device does not offer PIN/UV auth protocol ${preferred} (it offers ${offered.join(', ') || 'none'})`);
    }
    return pinUvAuthProtocol(preferred);
  }
  const version = offered.find((candidate) => IMPLEMENTED.includes(candidate));
  if (version === undefined) {
    throw new CtapClientError('UNSUPPORTED', `no PIN/UV auth protocol in common (the device offers ${offered.join(', ') || 'none'})`);
  }
  return pinUvAuthProtocol(version);
}
