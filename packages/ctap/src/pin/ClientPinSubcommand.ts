/** authenticatorClientPIN sub-commands (parameter 0x02; ctap-reference.md "clientPIN"). */
export const ClientPinSubcommand = {
  getPINRetries: 0x01,
  getKeyAgreement: 0x02,
  setPIN: 0x03,
  changePIN: 0x04,
  getPinToken: 0x05,
  getPinUvAuthTokenUsingUvWithPermissions: 0x06,
  getUVRetries: 0x07,
  getPinUvAuthTokenUsingPinWithPermissions: 0x09,
} as const;

export type ClientPinSubcommandName = keyof typeof ClientPinSubcommand;
