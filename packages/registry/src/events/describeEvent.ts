import type { StoredEvent } from './listEvents.js';

const methods: Record<string, string> = {
  totp: 'an authenticator app code',
  security_key: 'a security key',
  recovery_code: 'a recovery code',
  password: 'the password',
};

const failures: Record<string, string> = {
  wrong: 'wrong',
  replayed: 'already used',
  clock_skew: "for another time (the device's clock is off)",
  no_totp: 'no authenticator app set up',
  invalid: 'not valid',
  counter_regression: "the key's counter went back",
  unknown_credential: 'not a key of this account',
  no_challenge: 'too late, or never asked for',
};

const rules: Record<string, string> = {
  project_requires_2fa: 'the project requires two-factor authentication of its maintainers',
  password_upload: 'an account with a second factor uploads with an API token, not the password',
};

/**
 * An event of the security history in words, for the account's owner: what happened, with the names and projects
 * its details hold (text, escaped by the template). Kinds without words of their own are spelled out from the code.
 */
export function describeEvent(event: Pick<StoredEvent, 'kind' | 'details'>): string {
  const details = event.details;
  const text = (name: string): string => (typeof details[name] === 'string' ? (details[name] as string) : '');
  const quoted = (name: string): string => (text(name) === '' ? '' : ` '${text(name)}'`);
  const method = methods[text('method')] ?? 'a second factor';
  const purpose = text('purpose') === 'sudo' ? 'to confirm a sensitive change' : 'to log in';
  const release = `${text('project')} ${text('version')}`.trim();
  switch (event.kind) {
    case 'account.signup':
      return 'Account created';
    case 'account.admin_created':
      return 'Account created by the administrator';
    case 'account.login':
      return text('via') === 'api' ? 'Logged in from a program (the JSON API) with the password' : 'Logged in with the password';
    case 'account.login_failed':
      return 'Login refused: wrong password';
    case 'account.login_rate_limited':
      return 'Logins blocked for a few minutes after too many wrong passwords';
    case 'account.logout':
      return 'Logged out';
    case 'account.login_second_factor':
      return `Logged in with ${method}`;
    case 'account.second_factor_failed':
      return `Second factor refused ${purpose}: ${method}, ${failures[text('reason')] ?? 'not accepted'}`;
    case 'account.second_factor_rate_limited':
      return 'Second factors blocked for a few minutes after too many failures';
    case 'account.sudo_confirmed':
      return `Password confirmed for sensitive changes${text('method') === 'password' ? '' : `, with ${method}`}`;
    case 'account.totp_added':
      return 'Authenticator app added';
    case 'account.totp_removed':
      return 'Authenticator app removed';
    case 'account.security_key_added':
      return `Security key${quoted('name')} added`;
    case 'account.security_key_removed':
      return 'Security key removed';
    case 'account.recovery_codes_generated':
      return 'New recovery codes made (any older ones stopped working)';
    case 'account.recovery_code_used':
      return `Recovery code used ${purpose}${typeof details.left === 'number' ? ` (${details.left} left)` : ''}`;
    case 'security_key.counter_regression':
      return "A security key's signature counter went back: the key may have been copied";
    case 'token.created':
      return `API token${quoted('name')} created`;
    case 'token.revoked':
      return `API token${quoted('name')} revoked`;
    case 'token.disclosed':
      return `API token${quoted('name')} revoked because it was found published${text('url') === '' ? '' : ` at ${text('url')}`}`;
    case 'token.used_from_new_address':
      return 'API token used from a new address';
    case 'upload.refused_by_policy':
      return `Upload refused: ${rules[text('rule')] ?? 'the registry policy forbids it'}`;
    case 'project.created':
      return `Project${quoted('project')} created`;
    case 'project.deleted':
      return `Project${quoted('project')} deleted`;
    case 'project.policy_changed':
      return `Project${quoted('project')} ${details.require2fa ? 'now requires' : 'no longer requires'} two-factor authentication`;
    case 'project.collaborator_added':
      return `${text('username')} added to${quoted('project')} as ${text('role')}`;
    case 'project.collaborator_removed':
      return `${text('username')} removed from${quoted('project')}`;
    case 'project.collaborator_role_changed':
      return `${text('username')} is now ${text('role')} of${quoted('project')}`;
    case 'release.created':
      return `Release ${release} created`;
    case 'release.deleted':
      return `Release ${release} deleted`;
    case 'release.yanked':
      return `Release ${release} yanked`;
    case 'release.unyanked':
      return `Release ${release} no longer yanked`;
    case 'file.uploaded':
      return `File ${text('filename')} uploaded`;
    case 'file.deleted':
      return `File ${text('filename')} deleted`;
    default: {
      const words = event.kind.replace(/[._]+/g, ' ').trim();
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}
