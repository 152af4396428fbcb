import { getPublicSuffix } from 'tldts';

/**
 * The public suffix of `domain` (lower-case ASCII) under the full Public Suffix List, its private section
 * included (github.io, s3.amazonaws.com), as browsers apply it to RP IDs. A name no rule covers is its own last
 * label (the list's implicit "*" rule).
 */
export function publicSuffixOf(domain: string): string {
  return getPublicSuffix(domain, { allowPrivateDomains: true }) ?? domain.slice(domain.lastIndexOf('.') + 1);
}
