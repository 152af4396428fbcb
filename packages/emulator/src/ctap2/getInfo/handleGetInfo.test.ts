import {
  Ctap2Command,
  CtapStatus,
  decodeCbor,
  decodeCtap2Response,
  decodeGetInfoResponse,
  encodeClientPinRequest,
  encodeCtap2Request,
  makeSetPinRequest,
  pinUvAuthProtocolTwo,
  type AuthenticatorInfo,
  type CborMap,
} from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../../Authenticator.js';
import { createAuthenticator } from '../../createAuthenticator.js';
import type { StoredCredential } from '../../state/AuthenticatorState.js';
import { EMULATOR_FIRMWARE_VERSION, MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH } from './getInfoConstants.js';

async function getInfo(authenticator: Authenticator): Promise<AuthenticatorInfo> {
  const reply = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.getInfo));
  expect(reply[0]).toBe(CtapStatus.OK);
  decodeCbor(reply.subarray(1)); // throws unless the body is CTAP2-canonical
  return decodeGetInfoResponse(decodeCtap2Response(reply)!);
}

function credential(discoverable: boolean, index: number): StoredCredential {
  return {
    id: new Uint8Array([index]),
    rpIdHash: new Uint8Array(32),
    rpId: 'example.org',
    algorithm: -7,
    privateKeyPkcs8: new Uint8Array(0),
    discoverable,
    credProtect: 1,
    signCount: 0,
    createdAt: index,
  };
}

describe('getInfo', () => {
  it('describes the emulator truthfully', async () => {
    const authenticator = await createAuthenticator();
    const { config } = authenticator;
    expect(await getInfo(authenticator)).toEqual({
      versions: ['U2F_V2', 'FIDO_2_0', 'FIDO_2_1'],
      extensions: ['credProtect', 'hmac-secret', 'credBlob', 'minPinLength'],
      aaguid: config.aaguid,
      options: {
        rk: true,
        up: true,
        plat: false,
        clientPin: false,
        pinUvAuthToken: true,
        credMgmt: true,
        authnrCfg: true,
        setMinPINLength: true,
        makeCredUvNotRqd: true,
        alwaysUv: false,
      },
      maxMsgSize: config.maxMessageSize,
      pinUvAuthProtocols: [2, 1],
      maxCredentialCountInList: config.maxCredentialCountInList,
      maxCredentialIdLength: config.maxCredentialIdLength,
      transports: ['usb'],
      algorithms: [
        { alg: -7, type: 'public-key' },
        { alg: -8, type: 'public-key' },
      ],
      forcePINChange: false,
      minPINLength: 4,
      firmwareVersion: EMULATOR_FIRMWARE_VERSION,
      maxCredBlobLength: config.maxCredBlobLength,
      maxRPIDsForSetMinPINLength: MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH,
      remainingDiscoverableCredentials: config.maxDiscoverableCredentials,
    });
  });

  it('leaves out what it does not support: uv, ep, bioEnroll, largeBlobs', async () => {
    const { options } = await getInfo(await createAuthenticator());
    for (const absent of ['uv', 'ep', 'bioEnroll', 'largeBlobs', 'noMcGaPermissionsWithClientPin']) expect(options).not.toHaveProperty(absent);
  });

  it('reports clientPin true once a PIN is set through clientPIN', async () => {
    const authenticator = await createAuthenticator();
    const keyReply = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.clientPIN, new Map([[1, 2], [2, 2]])));
    const authenticatorKey = decodeCtap2Response(keyReply)!.get(1) as CborMap;
    const request = makeSetPinRequest(pinUvAuthProtocolTwo, authenticatorKey, '1234');
    expect((await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.clientPIN, encodeClientPinRequest(request))))[0]).toBe(CtapStatus.OK);
    expect((await getInfo(authenticator)).options?.clientPin).toBe(true);
  });

  it('follows the state: forcePINChange, minPINLength, alwaysUv', async () => {
    const authenticator = await createAuthenticator({ pin: '123456' });
    Object.assign(authenticator.state, { forcePinChange: true, minPinLength: 6, alwaysUv: true });
    const info = await getInfo(authenticator);
    expect(info.forcePINChange).toBe(true);
    expect(info.minPINLength).toBe(6);
    expect(info.options?.alwaysUv).toBe(true);
    expect(info.options?.clientPin).toBe(true);
  });

  it('counts only discoverable credentials against remainingDiscoverableCredentials', async () => {
    const authenticator = await createAuthenticator();
    const max = authenticator.config.maxDiscoverableCredentials;
    authenticator.state.credentials.push(credential(true, 1), credential(true, 2), credential(false, 3));
    expect((await getInfo(authenticator)).remainingDiscoverableCredentials).toBe(max - 2);
    authenticator.state.credentials.push(...Array.from({ length: max }, (_, i) => credential(true, 10 + i)));
    expect((await getInfo(authenticator)).remainingDiscoverableCredentials).toBe(0);
  });

  it('lists the configured algorithms and AAGUID', async () => {
    const aaguid = new Uint8Array(16).fill(0x42);
    const authenticator = await createAuthenticator({ aaguid });
    authenticator.config.algorithms.splice(0, authenticator.config.algorithms.length, -8);
    const info = await getInfo(authenticator);
    expect(info.aaguid).toEqual(aaguid);
    expect(info.algorithms).toEqual([{ alg: -8, type: 'public-key' }]);
  });
});
