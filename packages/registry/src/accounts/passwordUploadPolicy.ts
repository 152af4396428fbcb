import type { Knex } from 'knex';
import type { UploadAuthPolicy } from '../config/RegistryConfig.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { hasSecondFactor } from '../twoFactor/secondFactorStatus.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';

/**
 * Whether `user`, whose password was right, may upload with it (config.uploadAuth): `password-allowed` always,
 * `tokens-if-2fa` (the default, PyPI's policy) unless the account has a second factor, `tokens-only` never. A refusal
 * is a 403 in PyPI's words, which twine prints, and an upload.refused_by_policy event.
 */
export async function checkPasswordUploadPolicy(
  db: Knex,
  request: { user: AuthenticatedUser; policy: UploadAuthPolicy; publicUrl: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  const { user, policy } = request;
  let message: string | null = null;
  if (policy === 'tokens-only') {
    message = `Uploads to this registry need an API token (username __token__) in place of a password. See ${request.publicUrl}/help/#apitoken for more information.`;
  } else if (policy === 'tokens-if-2fa' && (await hasSecondFactor(db, user.id))) {
    message = `User ${user.username} has two factor auth enabled, an API token must be used to upload in place of password.`;
  }
  if (message === null) return;
  await recordEvent(db, { kind: 'upload.refused_by_policy', userId: user.id, ip: request.ip, userAgent: request.userAgent, details: { policy, rule: 'password_upload' } });
  throw new HttpError(403, 'token_required', message);
}
