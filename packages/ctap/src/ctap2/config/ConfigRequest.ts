import type { CborMap } from '../../cbor/CborValue.js';

/**
 * An authenticatorConfig request. subCommandParams differ per sub-command, so the envelope keeps them as the
 * map that travels (the one pinUvAuthParam covers); encodeSetMinPinLengthParams / decodeSetMinPinLengthParams
 * give setMinPINLength's typed view.
 */
export interface ConfigRequest {
  subCommand: number;
  subCommandParams?: CborMap;
  pinUvAuthProtocol?: number;
  pinUvAuthParam?: Uint8Array;
}

/** setMinPINLength's parameters, all optional. */
export interface SetMinPinLengthParams {
  /** In Unicode code points; may only grow. */
  newMinPinLength?: number;
  /** RPs allowed to read the minimum PIN length through the minPinLength extension (replaces the list). */
  minPinLengthRpIds?: string[];
  forceChangePin?: boolean;
}
