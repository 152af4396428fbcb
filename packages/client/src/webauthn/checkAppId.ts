import { CtapClientError } from '../CtapClientError.js';
import { resolveRpId } from './resolveRpId.js';

/**
 * The appid extension's value, checked: an https URL whose host the origin could use as its RP ID (the host
 * itself or a registrable suffix of it). Stricter than the FIDO AppID facet rules, which would also allow
 * fetching a trusted-facets list; that is not done here. Anything else is BAD_REQUEST.
 */
export function checkAppId(appid: string, origin: string, publicSuffix: (domain: string) => string): string {
  let url: URL;
  try {
    url = new URL(appid);
  } catch {
    throw new CtapClientError('BAD_REQUEST', `appid "${appid}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new CtapClientError('BAD_REQUEST', `appid "${appid}" is not an https URL`);
  resolveRpId(url.hostname, origin, publicSuffix);
  return appid;
}
