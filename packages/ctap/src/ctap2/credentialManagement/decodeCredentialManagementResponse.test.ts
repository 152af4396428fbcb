import { describe, expect, it } from 'vitest';
import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { decodeCbor } from '../../cbor/decodeCbor.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import type { CredentialManagementResponse } from './CredentialManagementResponse.js';
import { decodeCredentialManagementResponse } from './decodeCredentialManagementResponse.js';
import { encodeCredentialManagementResponse } from './encodeCredentialManagementResponse.js';

const roundTrip = (response: CredentialManagementResponse) =>
  decodeCredentialManagementResponse(decodeCbor(encodeCbor(encodeCredentialManagementResponse(response))) as CborMap);

describe('credentialManagement responses', () => {
  it('round-trips getCredsMetadata', () => {
    const response = { existingResidentCredentialsCount: 3, maxPossibleRemainingResidentCredentialsCount: 97 };
    expect(roundTrip(response)).toEqual(response);
    expect([...encodeCredentialManagementResponse(response).keys()]).toEqual([0x01, 0x02]);
  });

  it('round-trips enumerateRPsBegin', () => {
    const response = { rp: { id: 'example.com', name: 'Example' }, rpIdHash: new Uint8Array(32).fill(1), totalRps: 2 };
    expect(roundTrip(response)).toEqual(response);
    expect([...encodeCredentialManagementResponse(response).keys()]).toEqual([0x03, 0x04, 0x05]);
  });

  it('round-trips enumerateCredentialsBegin with every member', () => {
    const response: CredentialManagementResponse = {
      user: { id: Uint8Array.of(1), name: 'a', displayName: 'A' },
      credentialId: { type: 'public-key', id: Uint8Array.of(2, 3) },
      publicKey: new Map<number, CborValue>([[1, 2], [3, -7], [-1, 1], [-2, new Uint8Array(32)], [-3, new Uint8Array(32)]]),
      totalCredentials: 4,
      credProtect: 2,
      largeBlobKey: new Uint8Array(32).fill(9),
    };
    expect(roundTrip(response)).toEqual(response);
    expect([...encodeCredentialManagementResponse(response).keys()]).toEqual([0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b]);
  });

  it('reads an empty response (deleteCredential) as {}', () => {
    expect(decodeCredentialManagementResponse(undefined)).toEqual({});
    expect(encodeCredentialManagementResponse({}).size).toBe(0);
  });

  it('rejects a member of the wrong type with CBOR_UNEXPECTED_TYPE', () => {
    let status: number | undefined;
    try {
      decodeCredentialManagementResponse(new Map<number, CborValue>([[0x05, 'two']]));
    } catch (error) {
      status = (error as { status?: number }).status;
    }
    expect(status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });
});
