import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { choosePubKeyCredParams } from './choosePubKeyCredParams.js';

const key = (alg: number) => ({ type: 'public-key' as const, alg });

describe('choosePubKeyCredParams', () => {
  it('keeps the RP’s order, limited to what the device lists', () => {
    expect(choosePubKeyCredParams([key(-257), key(-7), key(-8)], [key(-8), key(-7)])).toEqual([key(-7), key(-8)]);
  });

  it('drops repeats and other credential types', () => {
    expect(choosePubKeyCredParams([key(-7), { type: 'other', alg: -8 } as never, key(-7)], undefined)).toEqual([key(-7)]);
  });

  it('sends the RP’s list to a device that lists no algorithms, and ES256 + RS256 when the RP lists none', () => {
    expect(choosePubKeyCredParams([key(-35)], undefined)).toEqual([key(-35)]);
    expect(choosePubKeyCredParams([], undefined)).toEqual([key(-7), key(-257)]);
  });

  it('is UNSUPPORTED when nothing is left', () => {
    let error: unknown;
    try {
      choosePubKeyCredParams([key(-257)], [key(-7)]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CtapClientError);
    expect((error as CtapClientError).code).toBe('UNSUPPORTED');
    expect((error as CtapClientError).message).toBe('the key makes none of the algorithms asked for (-257); it offers -7');
  });
});
