/** Failed second factors allowed per user and per address in one window (the login window's length: aligned buckets). */
export const secondFactorFailureLimit = 5;
export { loginFailureWindowMs as secondFactorWindowMs } from '../accounts/accountRules.js';
