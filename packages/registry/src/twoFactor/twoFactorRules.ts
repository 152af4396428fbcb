/** Failed second factors allowed per user and per address in one window (the login window's length: aligned buckets). */
export const secondFactorFailureLimit = 5;
export { loginFailureWindowMs as secondFactorWindowMs } from '../accounts/accountRules.js';
/** Said when an account's last second factor is removed (API answer, page message). */
export const lastFactorRemovedNotice =
  'This account has no second factor any more: uploads with the password are possible again (unless the registry allows tokens only).';
