import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigSubCommand as Sub,
  Ctap2Command,
  CtapStatus,
  PinUvAuthTokenPermissions as Permission,
  configAuthMessage,
  encodeConfigRequest,
  encodeCtap2Request,
  encodeSetMinPinLengthParams,
  pinUvAuthProtocol,
  type CborMap,
  type CborValue,
  type SetMinPinLengthParams,
} from '@keybridge/ctap';
import { afterEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../../Authenticator.js';
import { createAuthenticator } from '../../createAuthenticator.js';
import { FileStateStore } from '../../state/StateStore.js';
import { MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH } from '../getInfo/getInfoConstants.js';

const temporaryFolders: string[] = [];
afterEach(async () => {
  await Promise.all(temporaryFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function statePathInTemporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'keybridge-config-'));
  temporaryFolders.push(folder);
  return join(folder, 'state.json');
}

/** With the PIN "1234" (4 code points) unless `pin` is null. */
async function newAuthenticator(options: { pin?: string | null; statePath?: string } = {}): Promise<Authenticator> {
  return createAuthenticator({
    ...(options.pin === null ? {} : { pin: options.pin ?? '1234' }),
    ...(options.statePath ? { statePath: options.statePath } : {}),
  });
}

function acfgToken(authenticator: Authenticator, options: { protocol?: 1 | 2; permissions?: number; rpId?: string } = {}): Uint8Array {
  return authenticator.volatile.pinToken.issue(options.protocol ?? 2, options.permissions ?? Permission.acfg, options.rpId);
}

/** A request as a platform builds it: pinUvAuthParam = authenticate(token, 32×0xff || 0x0d || subCommand || params). */
function signedRequest(token: Uint8Array, subCommand: number, params?: CborMap, protocol: 1 | 2 = 2): CborMap {
  return encodeConfigRequest({
    subCommand,
    ...(params ? { subCommandParams: params } : {}),
    pinUvAuthProtocol: protocol,
    pinUvAuthParam: pinUvAuthProtocol(protocol).authenticate(token, configAuthMessage(subCommand, params)),
  });
}

const minPin = (params: SetMinPinLengthParams) => encodeSetMinPinLengthParams(params);

async function send(authenticator: Authenticator, request: CborMap): Promise<{ status: number; length: number }> {
  const response = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.config, request));
  return { status: response[0]!, length: response.length };
}

describe('authenticatorConfig without a PIN', () => {
  it('runs without pinUvAuthParam while alwaysUv is off, and persists the change', async () => {
    const statePath = await statePathInTemporaryFolder();
    const authenticator = await newAuthenticator({ pin: null, statePath });
    const result = await send(authenticator, encodeConfigRequest({ subCommand: Sub.toggleAlwaysUv }));
    expect(result).toEqual({ status: CtapStatus.OK, length: 1 });
    expect(authenticator.state.alwaysUv).toBe(true);
    expect((await new FileStateStore(statePath).load()).alwaysUv).toBe(true);
  });

  it('wants a token once alwaysUv is on', async () => {
    const authenticator = await newAuthenticator({ pin: null });
    await send(authenticator, encodeConfigRequest({ subCommand: Sub.toggleAlwaysUv }));
    expect((await send(authenticator, encodeConfigRequest({ subCommand: Sub.toggleAlwaysUv }))).status).toBe(CtapStatus.PUAT_REQUIRED);
    expect(authenticator.state.alwaysUv).toBe(true);
  });

  it('refuses forceChangePin with PIN_NOT_SET', async () => {
    const authenticator = await newAuthenticator({ pin: null });
    const request = encodeConfigRequest({ subCommand: Sub.setMinPINLength, subCommandParams: minPin({ newMinPinLength: 6, forceChangePin: true }) });
    expect((await send(authenticator, request)).status).toBe(CtapStatus.PIN_NOT_SET);
    expect(authenticator.state.minPinLength).toBe(4);
  });
});

describe('authenticatorConfig with a PIN', () => {
  it('checks the token in the spec order', async () => {
    const authenticator = await newAuthenticator();
    const good = signedRequest(acfgToken(authenticator), Sub.toggleAlwaysUv);
    const without = (key: number) => new Map([...good].filter(([k]) => k !== key));
    const withMember = (key: number, value: CborValue) => new Map([...good, [key, value]]);
    expect((await send(authenticator, without(4))).status).toBe(CtapStatus.PUAT_REQUIRED);
    expect((await send(authenticator, without(3))).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await send(authenticator, withMember(3, 7))).status).toBe(CtapStatus.INVALID_PARAMETER);
    expect((await send(authenticator, withMember(4, new Uint8Array(32)))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect(authenticator.state.alwaysUv).toBe(false);
    expect((await send(authenticator, good)).status).toBe(CtapStatus.OK);
    expect(authenticator.state.alwaysUv).toBe(true);
  });

  it('refuses a token without the acfg permission', async () => {
    const authenticator = await newAuthenticator();
    const token = acfgToken(authenticator, { permissions: Permission.cm | Permission.mc | Permission.ga });
    expect((await send(authenticator, signedRequest(token, Sub.toggleAlwaysUv))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect(authenticator.state.alwaysUv).toBe(false);
  });

  it('ignores the permissions RP ID and accepts protocol 1', async () => {
    const authenticator = await newAuthenticator();
    const token = acfgToken(authenticator, { protocol: 1, rpId: 'a.example' });
    expect((await send(authenticator, signedRequest(token, Sub.toggleAlwaysUv, undefined, 1))).status).toBe(CtapStatus.OK);
    expect((await send(authenticator, signedRequest(token, Sub.toggleAlwaysUv, undefined, 1))).status).toBe(CtapStatus.OK);
    expect(authenticator.state.alwaysUv).toBe(false);
  });

  it('covers subCommandParams with pinUvAuthParam', async () => {
    const authenticator = await newAuthenticator();
    const signed = signedRequest(acfgToken(authenticator), Sub.setMinPINLength, minPin({ newMinPinLength: 6 }));
    const tampered = new Map([...signed, [2, minPin({ newMinPinLength: 12 })]]);
    expect((await send(authenticator, tampered)).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect(authenticator.state.minPinLength).toBe(4);
  });

  it('refuses enableEnterpriseAttestation (no ep) with INVALID_PARAMETER', async () => {
    const authenticator = await newAuthenticator();
    expect((await send(authenticator, signedRequest(acfgToken(authenticator), Sub.enableEnterpriseAttestation))).status).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('answers INVALID_SUBCOMMAND for vendorPrototype and unknown sub-commands', async () => {
    const authenticator = await newAuthenticator();
    const token = acfgToken(authenticator);
    const vendor = new Map<number, CborValue>([[1, 0x1234]]);
    expect((await send(authenticator, signedRequest(token, Sub.vendorPrototype, vendor))).status).toBe(CtapStatus.INVALID_SUBCOMMAND);
    expect((await send(authenticator, signedRequest(token, 0x04))).status).toBe(CtapStatus.INVALID_SUBCOMMAND);
  });

  it('answers MISSING_PARAMETER without a sub-command and CBOR_UNEXPECTED_TYPE for wrong types', async () => {
    const authenticator = await newAuthenticator();
    expect((await authenticator.handleCtap2(Uint8Array.of(Ctap2Command.config)))[0]).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await send(authenticator, new Map<number, CborValue>([[1, 'toggle']]))).status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    const badParams = new Map<number, CborValue>([[1, 'eight']]);
    expect((await send(authenticator, signedRequest(acfgToken(authenticator), Sub.setMinPINLength, badParams))).status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });
});

describe('authenticatorConfig setMinPINLength', () => {
  it('raises the minimum, keeps a long enough PIN usable, and persists', async () => {
    const statePath = await statePathInTemporaryFolder();
    const authenticator = await newAuthenticator({ pin: '123456', statePath });
    const result = await send(authenticator, signedRequest(acfgToken(authenticator), Sub.setMinPINLength, minPin({ newMinPinLength: 6 })));
    expect(result).toEqual({ status: CtapStatus.OK, length: 1 });
    expect(authenticator.state.minPinLength).toBe(6);
    expect(authenticator.state.forcePinChange).toBe(false);
    expect((await new FileStateStore(statePath).load()).minPinLength).toBe(6);
  });

  it('forces a PIN change when the current PIN is now too short', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    expect((await send(authenticator, signedRequest(acfgToken(authenticator), Sub.setMinPINLength, minPin({ newMinPinLength: 5 })))).status).toBe(CtapStatus.OK);
    expect(authenticator.state.forcePinChange).toBe(true);
  });

  it('forces a PIN change when asked, without changing the minimum', async () => {
    const authenticator = await newAuthenticator();
    expect((await send(authenticator, signedRequest(acfgToken(authenticator), Sub.setMinPINLength, minPin({ forceChangePin: true })))).status).toBe(CtapStatus.OK);
    expect(authenticator.state.forcePinChange).toBe(true);
    expect(authenticator.state.minPinLength).toBe(4);
  });

  it('only grows: a smaller length is PIN_POLICY_VIOLATION, the same one is fine', async () => {
    const authenticator = await newAuthenticator({ pin: '12345678' });
    const token = acfgToken(authenticator);
    await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ newMinPinLength: 8 })));
    expect((await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ newMinPinLength: 7 })))).status).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect((await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ newMinPinLength: 8 })))).status).toBe(CtapStatus.OK);
    expect(authenticator.state.minPinLength).toBe(8);
  });

  it('replaces the minPinLengthRPIDs list, keeps it when absent, and bounds it by maxRPIDsForSetMinPINLength', async () => {
    const authenticator = await newAuthenticator();
    const token = acfgToken(authenticator);
    await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ minPinLengthRpIds: ['a.example'] })));
    await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ minPinLengthRpIds: ['b.example', 'c.example'] })));
    expect(authenticator.state.minPinLengthRpIds).toEqual(['b.example', 'c.example']);
    await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ newMinPinLength: 4 })));
    expect(authenticator.state.minPinLengthRpIds).toEqual(['b.example', 'c.example']);

    const tooMany = Array.from({ length: MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH + 1 }, (_, i) => `rp${i}.example`);
    const result = await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ newMinPinLength: 10, minPinLengthRpIds: tooMany })));
    expect(result.status).toBe(CtapStatus.KEY_STORE_FULL);
    expect(authenticator.state.minPinLength).toBe(4);
    expect(authenticator.state.minPinLengthRpIds).toEqual(['b.example', 'c.example']);
    const justEnough = tooMany.slice(1);
    expect((await send(authenticator, signedRequest(token, Sub.setMinPINLength, minPin({ minPinLengthRpIds: justEnough })))).status).toBe(CtapStatus.OK);
  });

  it('accepts a request without parameters and changes nothing', async () => {
    const authenticator = await newAuthenticator({ pin: null });
    expect((await send(authenticator, encodeConfigRequest({ subCommand: Sub.setMinPINLength }))).status).toBe(CtapStatus.OK);
    expect(authenticator.state).toMatchObject({ minPinLength: 4, forcePinChange: false, minPinLengthRpIds: [] });
  });
});
