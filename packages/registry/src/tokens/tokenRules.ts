/** Token names: what the user calls a token (unique among their tokens that are not revoked). */
export const tokenNameMaxLength = 100;
/** Bad tokens (malformed, wrong signature) allowed per address in one window: enough for typos, useless for guessing. */
export const badTokenLimit = 20;
/** Disclosure reports allowed per address in one window. */
export const disclosureLimit = 30;
/** Token strings one disclosure report may carry. */
export const disclosureMaxTokens = 100;
/** The window of both limits: the login limit's length, so every fixed window in rate_limit_buckets is aligned. */
export { loginFailureWindowMs as tokenLimitWindowMs } from '../accounts/accountRules.js';
/** Source address ranges one token may carry. */
export const sourceRangesMax = 32;
