import type { RegistryConfig } from '../config/RegistryConfig.js';
import { HttpError } from '../http/HttpError.js';

/** With KEYBRIDGE_SIGNUP=closed nobody signs up: 403 (administrators add accounts with `keybridge-registry create-admin`). */
export function assertSignupOpen(config: Pick<RegistryConfig, 'signup'>): void {
  if (config.signup === 'closed') {
    throw new HttpError(403, 'signup_closed', 'Sign-up is closed on this registry: ask its administrators for an account');
  }
}
