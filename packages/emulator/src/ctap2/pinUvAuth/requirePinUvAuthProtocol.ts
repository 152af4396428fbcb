import { CtapError, CtapStatus, pinUvAuthProtocol } from '@keybridge/ctap';

/**
 * Step 2 of makeCredential and getAssertion: with a pinUvAuthParam, pinUvAuthProtocol must be present
 * (MISSING_PARAMETER) and be 1 or 2 (INVALID_PARAMETER).
 */
export function requirePinUvAuthProtocol(protocol: number | undefined): number {
  if (protocol === undefined) throw new CtapError(CtapStatus.MISSING_PARAMETER, 'pinUvAuthParam without pinUvAuthProtocol');
  pinUvAuthProtocol(protocol);
  return protocol;
}
