import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { decodeBase64Url } from './decodeBase64Url.js';
import { encodeBase64Url } from './encodeBase64Url.js';

describe('decodeBase64Url / encodeBase64Url', () => {
  it('round-trips bytes as unpadded base64url, and tolerates padding', () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0xbf, 0x00, 0x01);
    expect(encodeBase64Url(bytes)).toBe('-_-_AAE');
    expect(decodeBase64Url('-_-_AAE', 'x')).toEqual(bytes);
    expect(decodeBase64Url('-_-_AAE=', 'x')).toEqual(bytes);
    expect(encodeBase64Url(bytes.subarray(1, 3))).toBe('_78');
  });

  it('refuses standard base64 and other text as BAD_REQUEST naming the member', () => {
    for (const text of ['+/+/', 'a b', 'abcde', 'ab=c']) {
      let error: unknown;
      try {
        decodeBase64Url(text, 'user.id');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CtapClientError);
      expect((error as CtapClientError).message).toBe('user.id is not base64url');
    }
  });
});
