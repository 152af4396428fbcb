import { describe, expect, it } from 'vitest';
import { ClientPinSubcommand } from './ClientPinSubcommand.js';
import { ctapReference } from '../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

describe('ClientPinSubcommand', () => {
  it('matches the checked reference ("Sub-commands: getPINRetries 01, ...")', () => {
    const list = /Sub-commands: ([^.]*)\./.exec(reference)?.[1];
    expect(list).toBeDefined();
    const fromReference = Object.fromEntries([...list!.matchAll(/(\w+) ([0-9A-F]{2})/g)].map((m) => [m[1], parseInt(m[2]!, 16)]));
    expect(ClientPinSubcommand).toEqual(fromReference);
  });
});
