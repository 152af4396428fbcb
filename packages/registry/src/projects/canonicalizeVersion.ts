import { explain } from '@renovatebot/pep440';

/**
 * The PEP 440 normalized form of `version` (what `str(packaging.version.Version(version))` gives, e.g.
 * 'V1.0-RC.1+Ubuntu_1' → '1.0rc1+ubuntu.1'), or null when it is not a valid PEP 440 version.
 * Trailing zeros are kept: '1.0' and '1.0.0' stay different strings, as in PEP 440's normalization.
 */
export function canonicalizeVersion(version: string): string | null {
  // The library accepts surrounding whitespace; an upload's version field must not have any.
  if (version.length === 0 || version.length > 255 || version.trim() !== version) return null;
  const parsed = explain(version);
  if (parsed === null) return null;
  // Built from the parts rather than with clean(), which joins local segments with ',' (4.2.4).
  return parsed.local === null ? parsed.public : `${parsed.public}+${parsed.local}`;
}
