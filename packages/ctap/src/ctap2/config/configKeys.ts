/**
 * authenticatorConfig (0x0D) numbers, CTAP 2.1 §6.11. Not in ctap-reference.md; checked against the spec's
 * tables and python-fido2 0.9.1 (fido2/ctap2/config.py: CMD, PARAM), which agree.
 */
export const ConfigSubCommand = {
  enableEnterpriseAttestation: 0x01,
  toggleAlwaysUv: 0x02,
  setMinPINLength: 0x03,
  vendorPrototype: 0xff,
} as const;

/** Members of the request map. */
export const ConfigRequestKey = {
  subCommand: 0x01,
  subCommandParams: 0x02,
  pinUvAuthProtocol: 0x03,
  pinUvAuthParam: 0x04,
} as const;

/** Members of setMinPINLength's subCommandParams. */
export const SetMinPinLengthParamKey = {
  newMinPINLength: 0x01,
  minPinLengthRPIDs: 0x02,
  forceChangePin: 0x03,
} as const;
