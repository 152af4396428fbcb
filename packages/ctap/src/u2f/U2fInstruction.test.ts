import { describe, expect, it } from 'vitest';
import { U2fInstruction } from './U2fInstruction.js';
import { ctapReference } from '../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

describe('U2fInstruction', () => {
  it('matches the checked reference ("INS REGISTER 01, ...")', () => {
    const list = /INS ([^(]*)\(/.exec(reference)?.[1];
    expect(list).toBeDefined();
    const fromReference = Object.fromEntries([...list!.matchAll(/([A-Z]+) ([0-9A-F]{2})/g)].map((m) => [m[1], parseInt(m[2]!, 16)]));
    expect(U2fInstruction).toEqual(fromReference);
  });
});
