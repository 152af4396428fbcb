import { readFileSync } from 'node:fs';
import {
  AuthenticatorDataFlags,
  Ctap2Command,
  decodeCtap2Request,
  PinUvAuthTokenPermissions,
  pinUvAuthProtocolOne,
} from '@keybridge/ctap';
import { createAuthenticator } from '@keybridge/emulator';
import { describe, expect, it } from 'vitest';
import type { CtapDevice } from '../hid/CtapDevice.js';
import { Ctap2Session } from './Ctap2Session.js';
import { PinUvAuthToken } from './PinUvAuthToken.js';
import { inProcessDevice } from './testing/inProcessDevice.js';

interface FirmwareVector {
  inputs: { clientDataHash: { create: string } };
  getInfo: { exchange: { response: string } };
  clientPin: {
    getPinToken: { getKeyAgreement: { request: string }; getPinToken: { request: string }; pinUvAuthToken: string };
    getPinRetries: { request: string };
  };
  makeCredential: { pinUvAuthParam?: string; exchange: { requestDecoded: { params: Record<string, unknown> } } };
}

function vector(file: string): FirmwareVector {
  return JSON.parse(readFileSync(new URL(`../../../../../shared/fixtures/firmware-vectors/${file}`, import.meta.url), 'utf8')) as FirmwareVector;
}
const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const { mc, ga } = PinUvAuthTokenPermissions;

/**
 * A device that answers getInfo with a firmware's recorded answer and everything else with the emulator (which
 * serves both PIN protocols and getPinToken), recording what the session sends.
 */
async function recordedGetInfoDevice(file: string): Promise<{ device: CtapDevice; sent: Uint8Array[] }> {
  const recordedInfo = hex(vector(file).getInfo.exchange.response);
  const emulated = inProcessDevice(await createAuthenticator({ pin: '1234' }));
  const sent: Uint8Array[] = [];
  const device: CtapDevice = {
    ...emulated,
    cbor(message, options) {
      sent.push(message);
      return message[0] === Ctap2Command.getInfo ? Promise.resolve(recordedInfo) : emulated.cbor(message, options);
    },
  };
  return { device, sent };
}

describe('Ctap2ClientPin with recorded firmware getInfo', () => {
  it('solo (PIN protocol 1 only, no pinUvAuthToken option): protocol 1 and legacy getPinToken, as python-fido2 sent them', async () => {
    const solo = vector('solo.json');
    const { device, sent } = await recordedGetInfoDevice('solo.json');
    const session = await Ctap2Session.open(device);
    expect(session.info.pinUvAuthProtocols).toEqual([1]);
    expect(session.info.options?.pinUvAuthToken).toBeUndefined();
    expect(session.pinUvAuthProtocol.version).toBe(1);

    sent.length = 0;
    expect(await session.clientPin.getPinRetries()).toEqual({ pinRetries: 8, powerCycleState: false });
    expect(toHex(sent[0]!)).toBe(solo.clientPin.getPinRetries.request);

    sent.length = 0;
    const token = await session.clientPin.getPinUvAuthToken('1234', { permissions: mc | ga, rpId: 'example.org' });
    expect(token.protocolVersion).toBe(1);
    expect(token.permissions).toBeUndefined();
    expect(token.rpId).toBeUndefined();
    // getKeyAgreement byte for byte; getPinToken with the recorded request's members (keys, protocol, sub-command).
    expect(toHex(sent[0]!)).toBe(solo.clientPin.getPinToken.getKeyAgreement.request);
    const ours = decodeCtap2Request(sent[1]!).parameters!;
    const recorded = decodeCtap2Request(hex(solo.clientPin.getPinToken.getPinToken.request)).parameters!;
    expect([...ours.keys()].sort()).toEqual([...recorded.keys()].sort());
    expect([...ours.keys()].sort()).toEqual([1, 2, 3, 6]);
    expect(ours.get(1)).toBe(1);
    expect(ours.get(2)).toBe(0x05);
    expect((ours.get(6) as Uint8Array).length).toBe((recorded.get(6) as Uint8Array).length);

    // The token works: makeCredential with it is user-verified.
    const created = await session.makeCredential({
      clientDataHash: new Uint8Array(32).fill(9),
      rp: { id: 'example.org' },
      user: { id: new Uint8Array([1]) },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      options: { rk: true },
      pinUvAuthToken: token,
    });
    expect(created.authenticatorData.flags & AuthenticatorDataFlags.UV).toBeTruthy();
  });

  it('canokey (protocols [1, 2], pinUvAuthToken option): the device’s first protocol and 0x09 with permissions and rpId', async () => {
    const { device, sent } = await recordedGetInfoDevice('canokey.json');
    const session = await Ctap2Session.open(device);
    expect(session.info.pinUvAuthProtocols).toEqual([1, 2]);
    expect(session.pinUvAuthProtocol.version).toBe(1);
    sent.length = 0;
    const token = await session.clientPin.getPinUvAuthToken('1234', { permissions: mc, rpId: 'example.org' });
    expect(token).toMatchObject({ permissions: mc, rpId: 'example.org', protocolVersion: 1 });
    const parameters = decodeCtap2Request(sent[1]!).parameters!;
    expect(parameters.get(2)).toBe(0x09);
    expect(parameters.get(9)).toBe(mc);
    expect(parameters.get(10)).toBe('example.org');

    // A preferred protocol the device offers is taken; one it does not is UNSUPPORTED.
    expect((await Ctap2Session.open(device, { pinUvAuthProtocol: 2 })).pinUvAuthProtocol.version).toBe(2);
    const soloSession = await Ctap2Session.open((await recordedGetInfoDevice('solo.json')).device, { pinUvAuthProtocol: 2 });
    expect(() => soloSession.pinUvAuthProtocol).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('refuses a request longer than getInfo maxMsgSize (solo: 1200) without sending it', async () => {
    const { device, sent } = await recordedGetInfoDevice('solo.json');
    const session = await Ctap2Session.open(device);
    sent.length = 0;
    const excludeList = Array.from({ length: 20 }, (_, index) => ({ type: 'public-key', id: new Uint8Array(64).fill(index) }));
    await expect(
      session.makeCredential({
        clientDataHash: new Uint8Array(32),
        rp: { id: 'example.org' },
        user: { id: new Uint8Array([1]) },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        excludeList,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(sent).toHaveLength(0);
  });
});

describe('PinUvAuthToken', () => {
  it('makes the pinUvAuthParam solo accepted (recorded token, protocol 1, clientDataHash)', () => {
    const solo = vector('solo.json');
    const token = new PinUvAuthToken(pinUvAuthProtocolOne, hex(solo.clientPin.getPinToken.pinUvAuthToken));
    const recordedParam = solo.makeCredential.exchange.requestDecoded.params['8'] as string;
    expect(toHex(token.authenticate(hex(solo.inputs.clientDataHash.create)))).toBe(recordedParam);
    expect(token.protocolVersion).toBe(1);
  });

  it('keeps its own copy of the token', () => {
    const bytes = new Uint8Array(32).fill(5);
    const token = new PinUvAuthToken(pinUvAuthProtocolOne, bytes);
    const before = token.authenticate(new Uint8Array([1]));
    bytes.fill(0);
    expect(token.authenticate(new Uint8Array([1]))).toEqual(before);
  });
});
