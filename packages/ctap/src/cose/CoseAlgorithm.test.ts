import { describe, expect, it } from 'vitest';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { ctapReference } from '../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

describe('CoseAlgorithm', () => {
  it('matches the checked reference ("COSE algorithms: ES256 -7, ...")', () => {
    const list = /COSE algorithms: ([^\n]*)\./.exec(reference)?.[1];
    expect(list).toBeDefined();
    const fromReference = Object.fromEntries([...list!.matchAll(/(\w+) (-\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(fromReference)).toEqual(['ES256', 'EdDSA', 'ES384', 'RS256']);
    expect(CoseAlgorithm).toMatchObject(fromReference);
  });

  it('labels the clientPIN key-agreement key -25 as the reference writes it', () => {
    expect(reference).toContain('{1:2, 3:-25, -1:1, -2:x, -3:y}');
    expect(CoseAlgorithm.ECDH_ES_HKDF_256).toBe(-25);
  });
});
