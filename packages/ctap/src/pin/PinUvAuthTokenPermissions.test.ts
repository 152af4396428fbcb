import { describe, expect, it } from 'vitest';
import { PinUvAuthTokenPermissions } from './PinUvAuthTokenPermissions.js';
import { ctapReference } from '../../../../test/support/firmwareVectors.js';

const reference = ctapReference();

describe('PinUvAuthTokenPermissions', () => {
  it('matches the checked reference ("Permissions: mc 01, ...")', () => {
    const line = /Permissions: ([^.]*)\./.exec(reference)?.[1];
    expect(line).toBeDefined();
    const fromReference = Object.fromEntries([...line!.matchAll(/(\w+) ([0-9A-F]{2})/g)].map((m) => [m[1], parseInt(m[2]!, 16)]));
    expect(PinUvAuthTokenPermissions).toEqual(fromReference);
  });
});
