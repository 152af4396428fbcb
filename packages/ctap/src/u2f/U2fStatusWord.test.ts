import { describe, expect, it } from 'vitest';
import { U2fStatusWord } from './U2fStatusWord.js';
import { ctapReference } from '../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

describe('U2fStatusWord', () => {
  it('matches the checked reference ("Status words: 9000 no error, ...")', () => {
    const list = /Status words: ([^.]*)\./.exec(reference)?.[1];
    expect(list).toBeDefined();
    const fromReference = Object.fromEntries(
      [...list!.matchAll(/([0-9A-F]{4}) ([A-Za-z ]+?)(?: \([^)]*\))?(?:,|$)/g)].map((m) => [m[2]!.toUpperCase().replaceAll(' ', '_'), parseInt(m[1]!, 16)]),
    );
    expect(U2fStatusWord).toEqual(fromReference);
  });
});
