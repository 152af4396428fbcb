import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { CtapClientError } from '../CtapClientError.js';
import { publicSuffixOf } from './publicSuffixOf.js';

/** The origin as clientDataJSON carries it and the RP ID the ceremony runs under. */
export interface ResolvedRpId {
  /** The serialized origin ("https://login.example.org", no path, no trailing slash). */
  origin: string;
  /** Lower-case ASCII (punycode) RP ID. */
  rpId: string;
}

function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * Checks an origin and the RP ID asked for under it, as a browser does before it talks to an authenticator:
 * - the origin must be https, or http on localhost / *.localhost (the secure contexts a CLI can know of);
 *   IP-address hosts are refused, as WebAuthn RP IDs are domains;
 * - the RP ID (default: the origin's host) must equal the host or be a registrable suffix of it, as HTML's "is a
 *   registrable domain suffix of or is equal to" says: a suffix on a label boundary that is not a public suffix
 *   (Public Suffix List, through `publicSuffix`) and does not lie within the host's public suffix either
 *   (amazonaws.com for bucket.s3.amazonaws.com). "localhost" stays usable from its subdomains.
 * Every refusal is CtapClientError BAD_REQUEST.
 */
export function resolveRpId(rpId: string | undefined, origin: string, publicSuffix: (domain: string) => string = publicSuffixOf): ResolvedRpId {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new CtapClientError('BAD_REQUEST', `origin "${origin}" is not a URL`);
  }
  const host = url.hostname;
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalhost(host));
  if (!secure) throw new CtapClientError('BAD_REQUEST', `origin "${url.origin}" is not secure: WebAuthn needs https (http only on localhost)`);
  if (host === '' || isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
    throw new CtapClientError('BAD_REQUEST', `origin "${url.origin}" has no domain name: an RP ID cannot be an IP address`);
  }
  const asked = rpId ?? host;
  const id = domainToASCII(asked.toLowerCase());
  if (id === '' || id.startsWith('.') || id.endsWith('.') || id.includes('..') || isIP(id) !== 0) {
    throw new CtapClientError('BAD_REQUEST', `rpId "${asked}" is not a valid domain`);
  }
  const registrableSuffix =
    host.endsWith(`.${id}`) && (id === 'localhost' || (publicSuffix(id) !== id && !publicSuffix(host).endsWith(`.${id}`)));
  if (id !== host && !registrableSuffix) {
    throw new CtapClientError('BAD_REQUEST', `rpId "${asked}" is not a registrable suffix of "${host}"`);
  }
  return { origin: url.origin, rpId: id };
}
