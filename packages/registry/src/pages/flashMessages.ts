import { lastFactorRemovedNotice } from '../twoFactor/twoFactorRules.js';

/**
 * The messages a redirect can leave for the next page (see setFlashMessage). The cookie carries only a key of this
 * catalog, never text: a cookie planted by another site can at most show one of these.
 */
export const flashMessages = {
  logged_out: { kind: 'info', text: 'You are logged out.' },
  signed_up: { kind: 'info', text: 'Welcome! Your account is ready.' },
  logged_in: { kind: 'info', text: 'You are logged in.' },
  totp_added: { kind: 'info', text: 'Your authenticator app is added: logins ask for its code.' },
  security_key_added: { kind: 'info', text: 'Your security key is added: logins can ask for it.' },
  security_key_removed: { kind: 'info', text: 'The security key is removed.' },
  totp_removed: { kind: 'info', text: 'The authenticator app is removed.' },
  last_factor_removed: { kind: 'info', text: lastFactorRemovedNotice },
  sudo_confirmed: { kind: 'info', text: 'Password confirmed: you will not be asked again for 30 minutes.' },
  token_revoked: { kind: 'info', text: 'The token is revoked: it no longer works.' },
  collaborator_saved: { kind: 'info', text: 'The collaborator’s role is saved.' },
  collaborator_removed: { kind: 'info', text: 'The collaborator is removed.' },
  policy_saved: { kind: 'info', text: 'The project’s policy is saved.' },
  release_yanked: { kind: 'info', text: 'The release is yanked: pip skips it unless a requirement pins it.' },
  release_unyanked: { kind: 'info', text: 'The release is no longer yanked.' },
  file_deleted: { kind: 'info', text: 'The file is deleted.' },
  release_deleted: { kind: 'info', text: 'The release is deleted.' },
  project_deleted: { kind: 'info', text: 'The project is deleted.' },
} as const satisfies Record<string, FlashMessage>;

export type FlashKey = keyof typeof flashMessages;

/** A message in the layout's message area: `info` (status) or `error` (alert). */
export interface FlashMessage {
  kind: 'info' | 'error';
  text: string;
}

export const flashCookieName = 'keybridge_flash';
