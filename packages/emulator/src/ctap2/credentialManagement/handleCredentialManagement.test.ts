import { createPrivateKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Ctap2Command,
  CredentialManagementSubCommand as Sub,
  CtapStatus,
  PinUvAuthTokenPermissions as Permission,
  coseKeyFromPublicKey,
  createKeyPair,
  credentialManagementAuthMessage,
  decodeCredentialManagementResponse,
  decodeCtap2Response,
  encodeCredentialManagementRequest,
  encodeCredentialManagementSubCommandParams,
  encodeCtap2Request,
  pinUvAuthProtocol,
  rpIdHash,
  type CborMap,
  type CborValue,
  type CredentialManagementResponse,
  type CredentialManagementSubCommandParams,
} from '@keybridge/ctap';
import { afterEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../../Authenticator.js';
import { createAuthenticator } from '../../createAuthenticator.js';
import type { StoredCredential } from '../../state/AuthenticatorState.js';
import { FileStateStore } from '../../state/StateStore.js';

const MAX_DISCOVERABLE = 100; // createAuthenticator's maxDiscoverableCredentials

let clock = 1_700_000_000_000;
const temporaryFolders: string[] = [];
afterEach(async () => {
  await Promise.all(temporaryFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function newAuthenticator(statePath?: string): Promise<Authenticator> {
  return createAuthenticator({ pin: '1234', now: () => clock, ...(statePath ? { statePath } : {}) });
}

interface CredentialSpec {
  rpId: string;
  rpName?: string;
  userId: number;
  name?: string;
  displayName?: string;
  discoverable?: boolean;
  u2f?: boolean;
  algorithm?: -7 | -8;
  credProtect?: number;
}

/** Puts a credential with a real key pair into the state, as makeCredential would have. */
function storeCredential(authenticator: Authenticator, spec: CredentialSpec): StoredCredential {
  const algorithm = spec.algorithm ?? -7;
  const { privateKey } = algorithm === -7 ? createKeyPair('P-256') : createKeyPair('Ed25519');
  const state = authenticator.state;
  state.creationCounter += 1;
  const credential: StoredCredential = {
    id: Uint8Array.of(0xc0, state.creationCounter, spec.userId),
    rpIdHash: rpIdHash(spec.rpId),
    rpId: spec.rpId,
    ...(spec.rpName === undefined ? {} : { rpName: spec.rpName }),
    user: {
      id: Uint8Array.of(0x0a, spec.userId),
      ...(spec.name === undefined ? {} : { name: spec.name }),
      ...(spec.displayName === undefined ? {} : { displayName: spec.displayName }),
    },
    algorithm,
    privateKeyPkcs8: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
    discoverable: spec.discoverable ?? true,
    credProtect: spec.credProtect ?? 1,
    signCount: 0,
    createdAt: state.creationCounter,
    ...(spec.u2f ? { u2f: true } : {}),
  };
  state.credentials.push(credential);
  return credential;
}

function cmToken(authenticator: Authenticator, options: { protocol?: 1 | 2; permissions?: number; rpId?: string } = {}): Uint8Array {
  return authenticator.volatile.pinToken.issue(options.protocol ?? 2, options.permissions ?? Permission.cm, options.rpId);
}

/** A request as a platform builds it: pinUvAuthParam = authenticate(token, subCommand || subCommandParams). */
function signedRequest(token: Uint8Array, subCommand: number, params?: CredentialManagementSubCommandParams, protocol: 1 | 2 = 2): CborMap {
  const paramsMap = params && encodeCredentialManagementSubCommandParams(params);
  return encodeCredentialManagementRequest({
    subCommand,
    ...(params ? { subCommandParams: params } : {}),
    pinUvAuthProtocol: protocol,
    pinUvAuthParam: pinUvAuthProtocol(protocol).authenticate(token, credentialManagementAuthMessage(subCommand, paramsMap)),
  });
}

async function send(authenticator: Authenticator, request: CborMap): Promise<{ status: number; body?: CredentialManagementResponse }> {
  const response = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.credentialManagement, request));
  const status = response[0]!;
  return status === CtapStatus.OK ? { status, body: decodeCredentialManagementResponse(decodeCtap2Response(response)) } : { status };
}

function publicKeyOf(credential: StoredCredential): CborMap {
  return coseKeyFromPublicKey(createPrivateKey({ key: Buffer.from(credential.privateKeyPkcs8), format: 'der', type: 'pkcs8' }), credential.algorithm);
}

describe('credentialManagement getCredsMetadata', () => {
  it('counts only discoverable credentials, and what still fits', async () => {
    const authenticator = await newAuthenticator();
    storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    storeCredential(authenticator, { rpId: 'a.example', userId: 2 });
    storeCredential(authenticator, { rpId: 'b.example', userId: 3 });
    storeCredential(authenticator, { rpId: 'b.example', userId: 4, discoverable: false });
    storeCredential(authenticator, { rpId: 'c.example', userId: 5, discoverable: false, u2f: true });
    const result = await send(authenticator, signedRequest(cmToken(authenticator), Sub.getCredsMetadata));
    expect(result).toEqual({
      status: CtapStatus.OK,
      body: { existingResidentCredentialsCount: 3, maxPossibleRemainingResidentCredentialsCount: MAX_DISCOVERABLE - 3 },
    });
  });

  it('accepts PIN/UV auth protocol 1 (16-byte pinUvAuthParam)', async () => {
    const authenticator = await newAuthenticator();
    const token = cmToken(authenticator, { protocol: 1 });
    const result = await send(authenticator, signedRequest(token, Sub.getCredsMetadata, undefined, 1));
    expect(result.body?.existingResidentCredentialsCount).toBe(0);
  });

  it('checks the token in the spec order', async () => {
    const authenticator = await newAuthenticator();
    const token = cmToken(authenticator);
    const good = signedRequest(token, Sub.getCredsMetadata);
    const without = (key: number) => new Map([...good].filter(([k]) => k !== key));
    const withMember = (key: number, value: CborValue) => new Map([...good, [key, value]]);
    expect((await send(authenticator, without(4))).status).toBe(CtapStatus.PUAT_REQUIRED);
    expect((await send(authenticator, without(3))).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await send(authenticator, withMember(3, 3))).status).toBe(CtapStatus.INVALID_PARAMETER);
    expect((await send(authenticator, withMember(4, new Uint8Array(32)))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    // Protocol 1 named, but the token was issued for protocol 2.
    expect((await send(authenticator, signedRequest(token, Sub.getCredsMetadata, undefined, 1))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect((await send(authenticator, good)).status).toBe(CtapStatus.OK);
  });

  it('refuses a token without the cm permission', async () => {
    const authenticator = await newAuthenticator();
    const token = cmToken(authenticator, { permissions: Permission.mc | Permission.ga | Permission.acfg });
    expect((await send(authenticator, signedRequest(token, Sub.getCredsMetadata))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
  });

  it('refuses a token bound to an RP', async () => {
    const authenticator = await newAuthenticator();
    const token = cmToken(authenticator, { rpId: 'a.example' });
    expect((await send(authenticator, signedRequest(token, Sub.getCredsMetadata))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
  });

  it('refuses once the token is gone (power cycle)', async () => {
    const authenticator = await newAuthenticator();
    const request = signedRequest(cmToken(authenticator), Sub.getCredsMetadata);
    authenticator.powerCycle();
    expect((await send(authenticator, request)).status).toBe(CtapStatus.PIN_AUTH_INVALID);
  });
});

describe('credentialManagement enumerateRPs', () => {
  it('hands out every RP with discoverable credentials once, then NOT_ALLOWED', async () => {
    const authenticator = await newAuthenticator();
    storeCredential(authenticator, { rpId: 'b.example', rpName: 'B old', userId: 1 });
    storeCredential(authenticator, { rpId: 'c.example', userId: 2 });
    storeCredential(authenticator, { rpId: 'a.example', rpName: 'A', userId: 3 });
    storeCredential(authenticator, { rpId: 'b.example', rpName: 'B', userId: 4 });
    storeCredential(authenticator, { rpId: 'd.example', userId: 5, discoverable: false });
    const first = await send(authenticator, signedRequest(cmToken(authenticator), Sub.enumerateRPsBegin));
    expect(first.body).toEqual({ rp: { id: 'a.example', name: 'A' }, rpIdHash: rpIdHash('a.example'), totalRps: 3 });
    const next = encodeCredentialManagementRequest({ subCommand: Sub.enumerateRPsGetNextRP });
    expect((await send(authenticator, next)).body).toEqual({ rp: { id: 'b.example', name: 'B' }, rpIdHash: rpIdHash('b.example') });
    expect((await send(authenticator, next)).body).toEqual({ rp: { id: 'c.example' }, rpIdHash: rpIdHash('c.example') });
    expect((await send(authenticator, next)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('answers NO_CREDENTIALS when there is no discoverable credential', async () => {
    const authenticator = await newAuthenticator();
    storeCredential(authenticator, { rpId: 'u2f.example', userId: 1, discoverable: false, u2f: true });
    expect((await send(authenticator, signedRequest(cmToken(authenticator), Sub.enumerateRPsBegin))).status).toBe(CtapStatus.NO_CREDENTIALS);
  });

  it('refuses a token bound to an RP, even that one', async () => {
    const authenticator = await newAuthenticator();
    storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    const token = cmToken(authenticator, { rpId: 'a.example' });
    expect((await send(authenticator, signedRequest(token, Sub.enumerateRPsBegin))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
  });
});

describe('credentialManagement enumerateCredentials', () => {
  it("hands out one RP's discoverable credentials, newest first, with their COSE public keys", async () => {
    const authenticator = await newAuthenticator();
    const oldest = storeCredential(authenticator, { rpId: 'a.example', userId: 1, name: 'alice', displayName: 'Alice', credProtect: 2 });
    storeCredential(authenticator, { rpId: 'b.example', userId: 2 });
    const middle = storeCredential(authenticator, { rpId: 'a.example', userId: 3, algorithm: -8, credProtect: 3 });
    storeCredential(authenticator, { rpId: 'a.example', userId: 4, discoverable: false });
    const newest = storeCredential(authenticator, { rpId: 'a.example', userId: 5, name: 'eve' });

    const begin = await send(authenticator, signedRequest(cmToken(authenticator), Sub.enumerateCredentialsBegin, { rpIdHash: rpIdHash('a.example') }));
    expect(begin.body).toEqual({
      user: { id: newest.user!.id, name: 'eve' },
      credentialId: { type: 'public-key', id: newest.id },
      publicKey: publicKeyOf(newest),
      totalCredentials: 3,
      credProtect: 1,
    });
    const next = encodeCredentialManagementRequest({ subCommand: Sub.enumerateCredentialsGetNextCredential });
    const second = await send(authenticator, next);
    expect(second.body).toEqual({
      user: { id: middle.user!.id },
      credentialId: { type: 'public-key', id: middle.id },
      publicKey: publicKeyOf(middle),
      credProtect: 3,
    });
    expect(second.body?.publicKey?.get(3)).toBe(-8);
    const third = await send(authenticator, next);
    expect(third.body).toEqual({
      user: { id: oldest.user!.id, name: 'alice', displayName: 'Alice' },
      credentialId: { type: 'public-key', id: oldest.id },
      publicKey: publicKeyOf(oldest),
      credProtect: 2,
    });
    expect((await send(authenticator, next)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('checks rpIDHash before the token, then the token, then whether there are credentials', async () => {
    const authenticator = await newAuthenticator();
    storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    expect((await send(authenticator, encodeCredentialManagementRequest({ subCommand: Sub.enumerateCredentialsBegin }))).status).toBe(
      CtapStatus.MISSING_PARAMETER,
    );
    expect((await send(authenticator, encodeCredentialManagementRequest({ subCommand: Sub.enumerateCredentialsBegin, subCommandParams: {} }))).status).toBe(
      CtapStatus.MISSING_PARAMETER,
    );
    const params = { rpIdHash: rpIdHash('a.example') };
    expect((await send(authenticator, encodeCredentialManagementRequest({ subCommand: Sub.enumerateCredentialsBegin, subCommandParams: params }))).status).toBe(
      CtapStatus.PUAT_REQUIRED,
    );
    // pinUvAuthParam covers subCommandParams: one made for another RP's hash does not verify.
    const token = cmToken(authenticator);
    const forOtherHash = signedRequest(token, Sub.enumerateCredentialsBegin, { rpIdHash: rpIdHash('b.example') });
    const tampered = new Map([...forOtherHash, [2, encodeCredentialManagementSubCommandParams(params)]]);
    expect((await send(authenticator, tampered)).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect((await send(authenticator, forOtherHash)).status).toBe(CtapStatus.NO_CREDENTIALS);
  });

  it('accepts a token bound to that RP and refuses one bound to another', async () => {
    const authenticator = await newAuthenticator();
    storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    const params = { rpIdHash: rpIdHash('a.example') };
    const bound = cmToken(authenticator, { rpId: 'a.example' });
    expect((await send(authenticator, signedRequest(bound, Sub.enumerateCredentialsBegin, params))).body?.totalCredentials).toBe(1);
    const other = cmToken(authenticator, { rpId: 'b.example' });
    expect((await send(authenticator, signedRequest(other, Sub.enumerateCredentialsBegin, params))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
  });
});

describe('credentialManagement get-next state', () => {
  async function withTwoOfEach() {
    const authenticator = await newAuthenticator();
    for (const [index, rpId] of ['a.example', 'a.example', 'b.example'].entries()) storeCredential(authenticator, { rpId, userId: index });
    return { authenticator, token: cmToken(authenticator) };
  }
  const nextRp = encodeCredentialManagementRequest({ subCommand: Sub.enumerateRPsGetNextRP });
  const nextCredential = encodeCredentialManagementRequest({ subCommand: Sub.enumerateCredentialsGetNextCredential });

  it('refuses a get-next without its begin', async () => {
    const { authenticator } = await withTwoOfEach();
    expect((await send(authenticator, nextRp)).status).toBe(CtapStatus.NOT_ALLOWED);
    expect((await send(authenticator, nextCredential)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('refuses the get-next of the other enumeration, which also ends it', async () => {
    const { authenticator, token } = await withTwoOfEach();
    await send(authenticator, signedRequest(token, Sub.enumerateRPsBegin));
    expect((await send(authenticator, nextCredential)).status).toBe(CtapStatus.NOT_ALLOWED);
    expect((await send(authenticator, nextRp)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('ends the enumeration at any other sub-command, even a failing one', async () => {
    const { authenticator, token } = await withTwoOfEach();
    await send(authenticator, signedRequest(token, Sub.enumerateCredentialsBegin, { rpIdHash: rpIdHash('a.example') }));
    expect((await send(authenticator, signedRequest(token, Sub.getCredsMetadata))).status).toBe(CtapStatus.OK);
    expect((await send(authenticator, nextCredential)).status).toBe(CtapStatus.NOT_ALLOWED);

    await send(authenticator, signedRequest(token, Sub.enumerateRPsBegin));
    expect((await send(authenticator, encodeCredentialManagementRequest({ subCommand: Sub.getCredsMetadata }))).status).toBe(CtapStatus.PUAT_REQUIRED);
    expect((await send(authenticator, nextRp)).status).toBe(CtapStatus.NOT_ALLOWED);

    await send(authenticator, signedRequest(token, Sub.enumerateRPsBegin));
    expect((await send(authenticator, new Map<number, CborValue>([[1, 'next']]))).status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect((await send(authenticator, nextRp)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('expires 30 s after the previous step and at power cycle', async () => {
    const { authenticator, token } = await withTwoOfEach();
    await send(authenticator, signedRequest(token, Sub.enumerateRPsBegin));
    clock += 30_001;
    expect((await send(authenticator, nextRp)).status).toBe(CtapStatus.NOT_ALLOWED);

    await send(authenticator, signedRequest(cmToken(authenticator), Sub.enumerateRPsBegin));
    authenticator.powerCycle();
    expect((await send(authenticator, nextRp)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('keeps going within 30 s of each step', async () => {
    const { authenticator, token } = await withTwoOfEach();
    await send(authenticator, signedRequest(token, Sub.enumerateCredentialsBegin, { rpIdHash: rpIdHash('a.example') }));
    clock += 29_000;
    expect((await send(authenticator, nextCredential)).status).toBe(CtapStatus.OK);
  });
});

describe('credentialManagement deleteCredential', () => {
  it('deletes the credential, which is then gone from enumeration, metadata and the state file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'keybridge-cm-'));
    temporaryFolders.push(folder);
    const statePath = join(folder, 'state.json');
    const authenticator = await newAuthenticator(statePath);
    const doomed = storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    const kept = storeCredential(authenticator, { rpId: 'a.example', userId: 2 });
    const token = cmToken(authenticator);

    const deletion = await send(authenticator, signedRequest(token, Sub.deleteCredential, { credentialId: { type: 'public-key', id: doomed.id } }));
    expect(deletion).toEqual({ status: CtapStatus.OK, body: {} });

    const listed = await send(authenticator, signedRequest(token, Sub.enumerateCredentialsBegin, { rpIdHash: rpIdHash('a.example') }));
    expect(listed.body?.totalCredentials).toBe(1);
    expect(listed.body?.credentialId?.id).toEqual(kept.id);
    expect((await send(authenticator, signedRequest(token, Sub.getCredsMetadata))).body?.existingResidentCredentialsCount).toBe(1);
    const saved = await new FileStateStore(statePath).load();
    expect(saved.credentials.map((credential) => Buffer.from(credential.id).toString('hex'))).toEqual([Buffer.from(kept.id).toString('hex')]);

    expect((await send(authenticator, signedRequest(token, Sub.deleteCredential, { credentialId: { type: 'public-key', id: doomed.id } }))).status).toBe(
      CtapStatus.NO_CREDENTIALS,
    );
  });

  it('removes the last credential of an RP from the RP list', async () => {
    const authenticator = await newAuthenticator();
    const only = storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    storeCredential(authenticator, { rpId: 'b.example', userId: 2 });
    const token = cmToken(authenticator);
    await send(authenticator, signedRequest(token, Sub.deleteCredential, { credentialId: { type: 'public-key', id: only.id } }));
    expect((await send(authenticator, signedRequest(token, Sub.enumerateRPsBegin))).body).toMatchObject({ rp: { id: 'b.example' }, totalRps: 1 });
  });

  it('does not touch non-discoverable credentials (NO_CREDENTIALS)', async () => {
    const authenticator = await newAuthenticator();
    const serverSide = storeCredential(authenticator, { rpId: 'a.example', userId: 1, discoverable: false });
    const u2f = storeCredential(authenticator, { rpId: 'u.example', userId: 2, discoverable: false, u2f: true });
    const token = cmToken(authenticator);
    for (const credential of [serverSide, u2f]) {
      const result = await send(authenticator, signedRequest(token, Sub.deleteCredential, { credentialId: { type: 'public-key', id: credential.id } }));
      expect(result.status).toBe(CtapStatus.NO_CREDENTIALS);
    }
    expect(authenticator.state.credentials).toHaveLength(2);
  });

  it('accepts a token bound to the credential RP and refuses one bound to another, keeping the credential', async () => {
    const authenticator = await newAuthenticator();
    const credential = storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    const params = { credentialId: { type: 'public-key', id: credential.id } };
    expect((await send(authenticator, signedRequest(cmToken(authenticator, { rpId: 'b.example' }), Sub.deleteCredential, params))).status).toBe(
      CtapStatus.PIN_AUTH_INVALID,
    );
    expect(authenticator.state.credentials).toHaveLength(1);
    expect((await send(authenticator, signedRequest(cmToken(authenticator, { rpId: 'a.example' }), Sub.deleteCredential, params))).status).toBe(CtapStatus.OK);
    expect(authenticator.state.credentials).toHaveLength(0);
  });

  it('checks credentialID, then the token, then the credential', async () => {
    const authenticator = await newAuthenticator();
    storeCredential(authenticator, { rpId: 'a.example', userId: 1 });
    expect((await send(authenticator, encodeCredentialManagementRequest({ subCommand: Sub.deleteCredential }))).status).toBe(CtapStatus.MISSING_PARAMETER);
    const unknown = { credentialId: { type: 'public-key', id: Uint8Array.of(1, 2, 3) } };
    expect((await send(authenticator, encodeCredentialManagementRequest({ subCommand: Sub.deleteCredential, subCommandParams: unknown }))).status).toBe(
      CtapStatus.PUAT_REQUIRED,
    );
    const noCm = cmToken(authenticator, { permissions: Permission.ga });
    expect((await send(authenticator, signedRequest(noCm, Sub.deleteCredential, unknown))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect((await send(authenticator, signedRequest(cmToken(authenticator), Sub.deleteCredential, unknown))).status).toBe(CtapStatus.NO_CREDENTIALS);
  });
});

describe('credentialManagement updateUserInformation', () => {
  it("replaces the user's name and displayName, and persists", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'keybridge-cm-'));
    temporaryFolders.push(folder);
    const statePath = join(folder, 'state.json');
    const authenticator = await newAuthenticator(statePath);
    const credential = storeCredential(authenticator, { rpId: 'a.example', userId: 1, name: 'old', displayName: 'Old Name' });
    const token = cmToken(authenticator);
    const params = { credentialId: { type: 'public-key', id: credential.id }, user: { id: credential.user!.id, name: 'new', displayName: 'New Name' } };
    expect((await send(authenticator, signedRequest(token, Sub.updateUserInformation, params))).status).toBe(CtapStatus.OK);

    const listed = await send(authenticator, signedRequest(token, Sub.enumerateCredentialsBegin, { rpIdHash: rpIdHash('a.example') }));
    expect(listed.body?.user).toEqual({ id: credential.user!.id, name: 'new', displayName: 'New Name' });
    expect((await new FileStateStore(statePath).load()).credentials[0]?.user).toEqual({ id: credential.user!.id, name: 'new', displayName: 'New Name' });
  });

  it('removes a name or displayName that is absent or empty', async () => {
    const authenticator = await newAuthenticator();
    const credential = storeCredential(authenticator, { rpId: 'a.example', userId: 1, name: 'old', displayName: 'Old Name' });
    const params = { credentialId: { type: 'public-key', id: credential.id }, user: { id: credential.user!.id, name: '' } };
    expect((await send(authenticator, signedRequest(cmToken(authenticator), Sub.updateUserInformation, params))).status).toBe(CtapStatus.OK);
    expect(credential.user).toEqual({ id: credential.user!.id });
  });

  it('verifies pinUvAuthParam over the parameters as sent, unknown user members included', async () => {
    const authenticator = await newAuthenticator();
    const credential = storeCredential(authenticator, { rpId: 'a.example', userId: 1, name: 'old' });
    const params = new Map<number, CborValue>([
      [2, new Map<string, CborValue>([['id', credential.id], ['type', 'public-key']])],
      [3, new Map<string, CborValue>([['id', credential.user!.id], ['name', 'new'], ['icon', 'https://a.example/i.png']])],
    ]);
    const token = cmToken(authenticator);
    const request = new Map<number, CborValue>([
      [1, Sub.updateUserInformation],
      [2, params],
      [3, 2],
      [4, pinUvAuthProtocol(2).authenticate(token, credentialManagementAuthMessage(Sub.updateUserInformation, params))],
    ]);
    expect((await send(authenticator, request)).status).toBe(CtapStatus.OK);
    expect(credential.user?.name).toBe('new');
  });

  it('refuses another user.id with INVALID_PARAMETER and changes nothing', async () => {
    const authenticator = await newAuthenticator();
    const credential = storeCredential(authenticator, { rpId: 'a.example', userId: 1, name: 'old' });
    const params = { credentialId: { type: 'public-key', id: credential.id }, user: { id: Uint8Array.of(0x0a, 2), name: 'new' } };
    expect((await send(authenticator, signedRequest(cmToken(authenticator), Sub.updateUserInformation, params))).status).toBe(CtapStatus.INVALID_PARAMETER);
    expect(credential.user?.name).toBe('old');
  });

  it('refuses an unknown credential, a missing user, and a token bound to another RP', async () => {
    const authenticator = await newAuthenticator();
    const credential = storeCredential(authenticator, { rpId: 'a.example', userId: 1, name: 'old' });
    const user = { id: credential.user!.id, name: 'new' };
    const token = cmToken(authenticator);
    const unknown = { credentialId: { type: 'public-key', id: Uint8Array.of(9) }, user };
    expect((await send(authenticator, signedRequest(token, Sub.updateUserInformation, unknown))).status).toBe(CtapStatus.NO_CREDENTIALS);
    const noUser = { credentialId: { type: 'public-key', id: credential.id } };
    expect((await send(authenticator, signedRequest(token, Sub.updateUserInformation, noUser))).status).toBe(CtapStatus.MISSING_PARAMETER);
    const params = { credentialId: { type: 'public-key', id: credential.id }, user };
    const otherRp = cmToken(authenticator, { rpId: 'b.example' });
    expect((await send(authenticator, signedRequest(otherRp, Sub.updateUserInformation, params))).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect(credential.user?.name).toBe('old');
  });
});

describe('credentialManagement request checks', () => {
  it('answers INVALID_SUBCOMMAND for an unknown sub-command', async () => {
    const authenticator = await newAuthenticator();
    expect((await send(authenticator, signedRequest(cmToken(authenticator), 0x08))).status).toBe(CtapStatus.INVALID_SUBCOMMAND);
  });

  it('answers MISSING_PARAMETER without a sub-command and CBOR_UNEXPECTED_TYPE for wrong types', async () => {
    const authenticator = await newAuthenticator();
    expect((await authenticator.handleCtap2(Uint8Array.of(Ctap2Command.credentialManagement)))[0]).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await send(authenticator, new Map<number, CborValue>([[1, 'metadata']]))).status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect((await send(authenticator, new Map<number, CborValue>([[1, 4], [2, new Map<number, CborValue>([[1, 'hash']])]]))).status).toBe(
      CtapStatus.CBOR_UNEXPECTED_TYPE,
    );
  });
});
