import { describe, expect, it } from 'vitest';
import { U2fAuthenticateControl } from './U2fAuthenticateControl.js';
import { ctapReference } from '../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

describe('U2fAuthenticateControl', () => {
  it('matches the checked reference ("AUTHENTICATE P1: 03 enforce ..., 07 check only, 08 don\'t enforce ...")', () => {
    const line = /AUTHENTICATE P1: ([^\n]*)/.exec(reference)?.[1];
    expect(line).toBeDefined();
    expect(line).toMatch(new RegExp(`${U2fAuthenticateControl.ENFORCE.toString(16).padStart(2, '0')} enforce user presence`));
    expect(line).toMatch(new RegExp(`${U2fAuthenticateControl.CHECK_ONLY.toString(16).padStart(2, '0')} check only`));
    expect(line).toMatch(new RegExp(`${U2fAuthenticateControl.DONT_ENFORCE.toString(16).padStart(2, '0')} don't enforce`));
  });
});
