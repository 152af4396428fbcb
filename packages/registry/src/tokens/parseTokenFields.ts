import { HttpError } from '../http/HttpError.js';
import { parseCidr } from './tokenCaveats.js';
import { sourceRangesMax, tokenNameMaxLength } from './tokenRules.js';

// The fields of a new token, checked the same way for the JSON API and the token page (400 with a message otherwise).

export function parseTokenName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > tokenNameMaxLength || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new HttpError(400, 'invalid_name', `name must be 1 to ${tokenNameMaxLength} characters, without control characters`);
  }
  return value.trim();
}

export function parseTokenProjects(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 100 || !value.every((name) => typeof name === 'string' && name !== '' && name.length <= 200)) {
    throw new HttpError(400, 'invalid_projects', 'projects must be a non-empty list of project names (leave it out for a token for the whole account)');
  }
  return value as string[];
}

/** expiresAt: an ISO 8601 date-time with a time zone, or unix seconds. */
export function parseExpiry(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  let seconds: number | null = null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) seconds = value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) seconds = Math.floor(ms / 1000);
  }
  if (seconds === null) throw new HttpError(400, 'invalid_expiry', 'expiresAt must be an ISO 8601 date-time with a time zone, or unix seconds');
  return seconds;
}

export function parseSourceAddresses(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > sourceRangesMax || !value.every((range) => typeof range === 'string')) {
    throw new HttpError(400, 'invalid_source_addresses', `sourceAddresses must be a list of 1 to ${sourceRangesMax} CIDR ranges`);
  }
  return (value as string[]).map((range) => {
    // A bare address means that address alone.
    const withPrefix = range.includes('/') ? range : `${range}/${range.includes(':') ? 128 : 32}`;
    if (parseCidr(withPrefix) === null) throw new HttpError(400, 'invalid_source_addresses', `'${range.slice(0, 60)}' is not an IPv4 or IPv6 address or CIDR range`);
    return withPrefix;
  });
}
