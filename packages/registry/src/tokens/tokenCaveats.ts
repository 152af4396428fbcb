import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * The caveats of keybridge API tokens. Each is compact JSON, an array whose first element is a tag, exactly as PyPI's
 * Warehouse encodes its own (so tools written for PyPI tokens can narrow ours):
 *
 *   [0, expires_at, not_before]      valid while not_before <= now < expires_at (unix seconds)       (PyPI's)
 *   [1, ["normalized-name", ...]]    only for these projects (PEP 503 names)                         (PyPI's)
 *   [2, ["project-id", ...]]         only for these projects (ids as strings)                        (PyPI's)
 *   [3, "user-id"]                   only as this user                                               (PyPI's)
 *   [100, ["cidr", ...]]             only from these source addresses (IPv4/IPv6 CIDR)               (keybridge)
 *   [101, ["upload", ...]]           only for these actions (today: "upload")                        (keybridge)
 *
 * Tag 4 is PyPI's OIDC publisher caveat; keybridge's own tags start at 100 to stay clear of PyPI's. A token is valid
 * only if every caveat holds; an unknown tag or a malformed caveat makes it invalid (fail closed).
 */
export type TokenCaveat =
  | { kind: 'expiry'; expiresAt: number; notBefore: number }
  | { kind: 'projectNames'; names: string[] }
  | { kind: 'projectIds'; ids: string[] }
  | { kind: 'user'; userId: string }
  | { kind: 'sourceAddresses'; ranges: string[] }
  | { kind: 'permissions'; permissions: TokenPermission[] };

export const caveatTags = { expiry: 0, projectNames: 1, projectIds: 2, user: 3, sourceAddresses: 100, permissions: 101 } as const;
export const tokenPermissions = ['upload'] as const;
export type TokenPermission = (typeof tokenPermissions)[number];

/** A caveat that cannot be read: the token is refused whole. */
export class CaveatFormatError extends Error {
  readonly code = 'caveat_format';
  constructor(message: string) {
    super(message);
    this.name = 'CaveatFormatError';
  }
}

/** The caveat's bytes, as Warehouse serializes (compact JSON). */
export function encodeCaveat(caveat: TokenCaveat): Buffer {
  const tag = caveatTags[caveat.kind];
  const fields: unknown[] = (() => {
    switch (caveat.kind) {
      case 'expiry':
        return [caveat.expiresAt, caveat.notBefore];
      case 'projectNames':
        return [caveat.names];
      case 'projectIds':
        return [caveat.ids];
      case 'user':
        return [caveat.userId];
      case 'sourceAddresses':
        return [caveat.ranges];
      case 'permissions':
        return [caveat.permissions];
    }
  })();
  return Buffer.from(JSON.stringify([tag, ...fields]));
}

/** Reads one caveat identifier strictly: exact arity, exact types, known tag; anything else is a CaveatFormatError. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeCaveat(bytes: Uint8Array): TokenCaveat {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new CaveatFormatError('a caveat is not JSON');
  }
  if (!Array.isArray(value) || value.length === 0) throw new CaveatFormatError('a caveat is not a non-empty JSON array');
  const [tag, ...fields] = value as unknown[];
  const arity = (count: number) => {
    if (fields.length !== count) throw new CaveatFormatError(`caveat ${String(tag)} has ${fields.length} values, not ${count}`);
  };
  switch (tag) {
    case caveatTags.expiry: {
      arity(2);
      const [expiresAt, notBefore] = fields;
      if (!Number.isSafeInteger(expiresAt) || !Number.isSafeInteger(notBefore)) throw new CaveatFormatError('the expiry caveat needs two integers');
      return { kind: 'expiry', expiresAt: expiresAt as number, notBefore: notBefore as number };
    }
    case caveatTags.projectNames:
      arity(1);
      return { kind: 'projectNames', names: stringList(fields[0], 'project names') };
    case caveatTags.projectIds:
      arity(1);
      return { kind: 'projectIds', ids: stringList(fields[0], 'project ids') };
    case caveatTags.user:
      arity(1);
      if (typeof fields[0] !== 'string') throw new CaveatFormatError('the user caveat needs a string');
      return { kind: 'user', userId: fields[0] };
    case caveatTags.sourceAddresses: {
      arity(1);
      const ranges = stringList(fields[0], 'source addresses');
      for (const range of ranges) if (parseCidr(range) === null) throw new CaveatFormatError('the source address caveat has a range that is not CIDR');
      return { kind: 'sourceAddresses', ranges };
    }
    case caveatTags.permissions: {
      arity(1);
      const permissions = stringList(fields[0], 'permissions');
      for (const permission of permissions) {
        if (!(tokenPermissions as readonly string[]).includes(permission)) throw new CaveatFormatError('the permissions caveat names an unknown permission');
      }
      return { kind: 'permissions', permissions: permissions as TokenPermission[] };
    }
    default:
      // Never stringify an unknown tag: it may be nested thousands deep.
      throw new CaveatFormatError(`caveat has unknown tag ${typeof tag === 'number' ? tag : `of type ${Array.isArray(tag) ? 'array' : typeof tag}`}`);
  }
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new CaveatFormatError(`the caveat's ${what} must be a list of strings`);
  return value as string[];
}

/** A CIDR range ("10.0.0.0/8", "2001:db8::/32"), or null. Addresses only with an explicit prefix length. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const match = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(text);
  if (!match) return null;
  const address = match[1]!;
  const prefix = Number(match[2]);
  if (isIPv4(address)) return prefix <= 32 ? { address, prefix, family: 'ipv4' } : null;
  if (isIPv6(address)) return prefix <= 128 ? { address, prefix, family: 'ipv6' } : null;
  return null;
}

/** Whether the client address `ip` (as Koa gives it; IPv4-mapped IPv6 counts as IPv4) is inside one of `ranges`. */
export function addressInRanges(ip: string | null, ranges: readonly string[]): boolean {
  if (!ip) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family) return false;
  return blockListOf(ranges).check(address, family);
}

/** Parsed range lists, by their text: a token's ranges are parsed once, not on every use. Bounded. */
const blockLists = new Map<string, BlockList>();
const blockListsMax = 1000;

function blockListOf(ranges: readonly string[]): BlockList {
  const key = ranges.join(' ');
  let list = blockLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) {
      const cidr = parseCidr(range);
      if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
    if (blockLists.size >= blockListsMax) blockLists.delete(blockLists.keys().next().value!);
    blockLists.set(key, list);
  }
  return list;
}

/** The caveat in words, for token lists. */
export function describeCaveat(caveat: TokenCaveat): string {
  const quoted = (items: readonly string[]) => items.map((item) => `'${item}'`).join(', ');
  switch (caveat.kind) {
    case 'expiry':
      return `valid from ${new Date(caveat.notBefore * 1000).toISOString()} until ${new Date(caveat.expiresAt * 1000).toISOString()}`;
    case 'projectNames':
      return caveat.names.length === 1 ? `only for project ${quoted(caveat.names)}` : `only for projects ${quoted(caveat.names)}`;
    case 'projectIds':
      return `only for project ids ${caveat.ids.join(', ')}`;
    case 'user':
      return `only as user id ${caveat.userId}`;
    case 'sourceAddresses':
      return `only from ${caveat.ranges.join(', ')}`;
    case 'permissions':
      return `only to ${caveat.permissions.join(', ')}`;
  }
}
