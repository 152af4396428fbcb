import { describe, expect, it } from 'vitest';
import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { decodeCbor } from '../../cbor/decodeCbor.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { credentialManagementAuthMessage } from './credentialManagementAuthMessage.js';
import { CredentialManagementSubCommand } from './credentialManagementKeys.js';
import type { CredentialManagementRequest } from './CredentialManagementRequest.js';
import { decodeCredentialManagementRequest } from './decodeCredentialManagementRequest.js';
import { encodeCredentialManagementRequest } from './encodeCredentialManagementRequest.js';
import { encodeCredentialManagementSubCommandParams } from './encodeCredentialManagementSubCommandParams.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';

/** Through the wire format, as the authenticator sees it. */
function viaWire(map: CborMap): CborMap {
  return decodeCbor(encodeCbor(map)) as CborMap;
}

describe('decodeCredentialManagementRequest', () => {
  it('reads back what encodeCredentialManagementRequest wrote', () => {
    const request: CredentialManagementRequest = {
      subCommand: CredentialManagementSubCommand.updateUserInformation,
      subCommandParams: {
        credentialId: { type: 'public-key', id: Uint8Array.of(1, 2, 3) },
        user: { id: Uint8Array.of(7), name: 'alice', displayName: 'Alice' },
      },
      pinUvAuthProtocol: 2,
      pinUvAuthParam: new Uint8Array(32).fill(5),
    };
    const decoded = decodeCredentialManagementRequest(viaWire(encodeCredentialManagementRequest(request)));
    expect(decoded).toMatchObject(request);
    expect(decoded.subCommandParamsCbor).toEqual(encodeCredentialManagementSubCommandParams(request.subCommandParams!));
  });

  it('reads a request with only a sub-command (enumerateRPsGetNextRP)', () => {
    const decoded = decodeCredentialManagementRequest(viaWire(encodeCredentialManagementRequest({ subCommand: 3 })));
    expect(decoded).toEqual({ subCommand: 3 });
  });

  it('keeps subCommandParams as received, unknown members included, for pinUvAuthParam verification', () => {
    const user = new Map<string, CborValue>([
      ['id', Uint8Array.of(9)],
      ['icon', 'https://example.com/a.png'],
    ]);
    const params = new Map<number, CborValue>([
      [2, new Map<string, CborValue>([['id', Uint8Array.of(1)], ['type', 'public-key']])],
      [3, user],
    ]);
    const wire = viaWire(new Map<number, CborValue>([[1, 7], [2, params]]));
    const decoded = decodeCredentialManagementRequest(wire);
    expect(decoded.subCommandParams?.user).toEqual({ id: Uint8Array.of(9) });
    expect(credentialManagementAuthMessage(7, decoded.subCommandParamsCbor)).toEqual(credentialManagementAuthMessage(7, params));
  });

  it('rejects a missing subCommand with MISSING_PARAMETER, also for an empty message', () => {
    expect(ctapStatusOf(() => decodeCredentialManagementRequest(undefined))).toBe(CtapStatus.MISSING_PARAMETER);
    expect(ctapStatusOf(() => decodeCredentialManagementRequest(new Map([[3, 2]])))).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it.each<[string, CborMap]>([
    ['subCommand as text', new Map<number, CborValue>([[1, 'one']])],
    ['a negative subCommand', new Map<number, CborValue>([[1, -1]])],
    ['subCommandParams as bytes', new Map<number, CborValue>([[1, 4], [2, Uint8Array.of(1)]])],
    ['rpIDHash as text', new Map<number, CborValue>([[1, 4], [2, new Map<number, CborValue>([[1, 'hash']])]])],
    ['credentialID as bytes', new Map<number, CborValue>([[1, 6], [2, new Map<number, CborValue>([[2, Uint8Array.of(1)]])]])],
    ['user.name as bytes', new Map<number, CborValue>([[1, 7], [2, new Map<number, CborValue>([[3, new Map<string, CborValue>([['id', Uint8Array.of(1)], ['name', Uint8Array.of(1)]])]])]])],
    ['pinUvAuthProtocol as text', new Map<number, CborValue>([[1, 1], [3, 'two']])],
    ['pinUvAuthParam as an integer', new Map<number, CborValue>([[1, 1], [4, 12]])],
  ])('rejects %s with CBOR_UNEXPECTED_TYPE', (_name, map) => {
    expect(ctapStatusOf(() => decodeCredentialManagementRequest(map))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });

  it('rejects entities without their required members with MISSING_PARAMETER', () => {
    const noId = new Map<number, CborValue>([[1, 6], [2, new Map<number, CborValue>([[2, new Map<string, CborValue>([['type', 'public-key']])]])]]);
    const noUserId = new Map<number, CborValue>([[1, 7], [2, new Map<number, CborValue>([[3, new Map<string, CborValue>([['name', 'x']])]])]]);
    expect(ctapStatusOf(() => decodeCredentialManagementRequest(noId))).toBe(CtapStatus.MISSING_PARAMETER);
    expect(ctapStatusOf(() => decodeCredentialManagementRequest(noUserId))).toBe(CtapStatus.MISSING_PARAMETER);
  });
});
