import { describe, expect, it } from 'vitest';
import { AuthenticatorDataFlags } from './AuthenticatorDataFlags.js';
import { ctapReference } from '../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

describe('AuthenticatorDataFlags', () => {
  it('matches the checked reference ("Flags: UP 01, ...")', () => {
    const list = /Flags: ([^.]*)\./.exec(reference)?.[1];
    expect(list).toBeDefined();
    const fromReference = Object.fromEntries([...list!.matchAll(/(\w+) ([0-9A-F]{2})/g)].map((m) => [m[1], parseInt(m[2]!, 16)]));
    expect(AuthenticatorDataFlags).toEqual(fromReference);
  });
});
