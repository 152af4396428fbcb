import { describe, expect, it } from 'vitest';
import { addressInRanges, CaveatFormatError, decodeCaveat, describeCaveat, encodeCaveat, parseCidr, type TokenCaveat } from './tokenCaveats.js';

const caveat = (text: string) => decodeCaveat(Buffer.from(text));

describe('tokenCaveats', () => {
  it("encodes exactly as Warehouse's json.dumps(..., separators=(',', ':')) and decodes back", () => {
    const cases: Array<[TokenCaveat, string]> = [
      [{ kind: 'expiry', expiresAt: 1700003600, notBefore: 1700000000 }, '[0,1700003600,1700000000]'],
      [{ kind: 'projectNames', names: ['my-pkg', 'other'] }, '[1,["my-pkg","other"]]'],
      [{ kind: 'projectIds', ids: ['1', '22'] }, '[2,["1","22"]]'],
      [{ kind: 'user', userId: '7' }, '[3,"7"]'],
      [{ kind: 'sourceAddresses', ranges: ['10.0.0.0/8', '2001:db8::/32'] }, '[100,["10.0.0.0/8","2001:db8::/32"]]'],
      [{ kind: 'permissions', permissions: ['upload'] }, '[101,["upload"]]'],
    ];
    for (const [value, text] of cases) {
      expect(encodeCaveat(value).toString()).toBe(text);
      expect(caveat(text)).toEqual(value);
      expect(describeCaveat(value)).toMatch(/\w/);
    }
  });

  it('fails closed: unknown tags, wrong arity, wrong types, legacy dict caveats, bad JSON and UTF-8', () => {
    const bad = [
      '[4,"oidc-publisher"]',
      '[99]',
      '["0",1,2]',
      '[]',
      '{}',
      '{"version":1,"permissions":"user"}',
      '[0,1]',
      '[0,1,2,3]',
      '[0,"1","2"]',
      '[0,1.5,1]',
      '[1,"my-pkg"]',
      '[1,[1]]',
      '[2,[1]]',
      '[3,7]',
      '[100,["10.0.0.0"]]',
      '[100,["10.0.0.0/40"]]',
      '[100,["host.example/8"]]',
      '[101,["upload","delete"]]',
      '[0,1,2',
      '',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
    ];
    for (const text of bad) expect(() => caveat(text), text.slice(0, 40)).toThrow(CaveatFormatError);
    expect(() => decodeCaveat(Buffer.from([0x5b, 0xff, 0x5d]))).toThrow(CaveatFormatError);
  });

  it('matches client addresses against CIDR ranges, IPv4-mapped IPv6 as IPv4', () => {
    expect(addressInRanges('127.0.0.2', ['127.0.0.1/32'])).toBe(false);
    expect(addressInRanges('127.0.0.2', ['127.0.0.0/8'])).toBe(true);
    expect(addressInRanges('::ffff:127.0.0.2', ['127.0.0.0/8'])).toBe(true);
    expect(addressInRanges('2001:db8::5', ['10.0.0.0/8', '2001:db8::/32'])).toBe(true);
    expect(addressInRanges('2001:db9::5', ['2001:db8::/32'])).toBe(false);
    expect(addressInRanges('192.0.2.1', ['0.0.0.0/0'])).toBe(true);
    expect(addressInRanges(null, ['0.0.0.0/0'])).toBe(false);
    expect(addressInRanges('not an address', ['0.0.0.0/0'])).toBe(false);
    expect(parseCidr('::1/128')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    expect(parseCidr('::1/129')).toBeNull();
  });
});
