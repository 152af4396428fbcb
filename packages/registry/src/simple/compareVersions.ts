import { compare, explain } from '@renovatebot/pep440';

/**
 * PEP 440 ordering of two versions (negative, zero, positive), for sorting releases. Versions the library cannot
 * parse (none are stored: uploads refuse them) sort before valid ones, among themselves by code point.
 */
export function compareVersions(left: string, right: string): number {
  const validLeft = explain(left) !== null;
  const validRight = explain(right) !== null;
  if (validLeft && validRight) return compare(left, right);
  if (validLeft !== validRight) return validLeft ? 1 : -1;
  return left < right ? -1 : left > right ? 1 : 0;
}
