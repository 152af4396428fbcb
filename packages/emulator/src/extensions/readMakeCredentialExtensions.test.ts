import { CtapStatus, type CborValue } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { readMakeCredentialExtensions } from './readMakeCredentialExtensions.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';

describe('readMakeCredentialExtensions', () => {
  it('reads the four supported inputs and ignores the rest', () => {
    const inputs = readMakeCredentialExtensions(
      new Map<string, CborValue>([
        ['credProtect', 3],
        ['hmac-secret', true],
        ['credBlob', Uint8Array.of(1, 2)],
        ['minPinLength', false],
        ['largeBlobKey', true],
        ['thirdPartyPayment', 'yes'],
      ]),
    );
    expect(inputs).toEqual({ credProtect: 3, hmacSecret: true, credBlob: Uint8Array.of(1, 2), minPinLength: false });
    expect(readMakeCredentialExtensions(undefined)).toEqual({});
    expect(readMakeCredentialExtensions(new Map())).toEqual({});
  });

  it('refuses inputs of the wrong type (CBOR_UNEXPECTED_TYPE) and credProtect levels that do not exist (INVALID_PARAMETER)', () => {
    const cases: [string, CborValue, number][] = [
      ['credProtect', 0, CtapStatus.INVALID_PARAMETER],
      ['credProtect', 4, CtapStatus.INVALID_PARAMETER],
      ['credProtect', true, CtapStatus.CBOR_UNEXPECTED_TYPE],
      ['hmac-secret', 'true', CtapStatus.CBOR_UNEXPECTED_TYPE],
      ['credBlob', 'blob', CtapStatus.CBOR_UNEXPECTED_TYPE],
      ['minPinLength', 1, CtapStatus.CBOR_UNEXPECTED_TYPE],
    ];
    for (const [identifier, value, status] of cases) {
      expect(ctapStatusOf(() => readMakeCredentialExtensions(new Map([[identifier, value]]))), `${identifier}: ${String(value)}`).toBe(status);
    }
  });
});
