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

/** What the details of an event say, as text ('' when missing). */
interface EventWords {
  text(name: string): string;
  /** ` 'value'`, or '' when missing. */
  quoted(name: string): string;
  /** The second factor used, in words. */
  method: string;
  /** 'to log in' or 'to confirm a sensitive change'. */
  purpose: string;
  /** "<project> <version>". */
  release: string;
  details: Readonly<Record<string, unknown>>;
}

/** Words for every kind of event the registry records (a test checks that none is missing). */
const descriptions: Record<string, (words: EventWords) => string> = {
  'account.signup': () => 'Account created',
  'account.admin_created': () => 'Account created by the administrator',
  'account.login': ({ text }) => text('via') === 'api' ? 'Logged in from a program (the JSON API) with the password' : 'Logged in with the password',
  'account.login_failed': () => 'Login refused: wrong password',
  'account.login_rate_limited': () => 'Logins blocked for a few minutes after too many wrong passwords',
  'account.logout': () => 'Logged out',
  'account.login_second_factor': ({ method }) => `Logged in with ${method}`,
  'account.second_factor_failed': ({ text, method, purpose }) => `Second factor refused ${purpose}: ${method}, ${failures[text('reason')] ?? 'not accepted'}`,
  'account.second_factor_rate_limited': () => 'Second factors blocked for a few minutes after too many failures',
  'account.sudo_confirmed': ({ text, method }) => `Password confirmed for sensitive changes${text('method') === 'password' ? '' : `, with ${method}`}`,
  'account.totp_added': () => 'Authenticator app added',
  'account.totp_removed': () => 'Authenticator app removed',
  'account.security_key_added': ({ quoted }) => `Security key${quoted('name')} added`,
  'account.security_key_removed': () => 'Security key removed',
  'account.recovery_codes_generated': () => 'New recovery codes made (any older ones stopped working)',
  'account.recovery_code_used': ({ purpose, details }) => `Recovery code used ${purpose}${typeof details.left === 'number' ? ` (${details.left} left)` : ''}`,
  'security_key.counter_regression': () => "A security key's signature counter went back: the key may have been copied",
  'token.created': ({ quoted }) => `API token${quoted('name')} created`,
  'token.revoked': ({ quoted }) => `API token${quoted('name')} revoked`,
  'token.disclosed': ({ text, quoted }) => `API token${quoted('name')} revoked because it was found published${text('url') === '' ? '' : ` at ${text('url')}`}`,
  'token.used_from_new_address': () => 'API token used from a new address',
  'upload.refused_by_policy': ({ text }) => `Upload refused: ${rules[text('rule')] ?? 'the registry policy forbids it'}`,
  'project.created': ({ quoted }) => `Project${quoted('project')} created`,
  'project.deleted': ({ quoted }) => `Project${quoted('project')} deleted`,
  'project.policy_changed': ({ quoted, details }) => `Project${quoted('project')} ${details.require2fa ? 'now requires' : 'no longer requires'} two-factor authentication`,
  'project.collaborator_added': ({ text, quoted }) => `${text('username')} added to${quoted('project')} as ${text('role')}`,
  'project.collaborator_removed': ({ text, quoted }) => `${text('username')} removed from${quoted('project')}`,
  'project.collaborator_role_changed': ({ text, quoted }) => `${text('username')} is now ${text('role')} of${quoted('project')}`,
  'release.created': ({ release }) => `Release ${release} created`,
  'release.deleted': ({ release }) => `Release ${release} deleted`,
  'release.yanked': ({ release }) => `Release ${release} yanked`,
  'release.unyanked': ({ release }) => `Release ${release} no longer yanked`,
  'file.uploaded': ({ text }) => `File ${text('filename')} uploaded`,
  'file.deleted': ({ text }) => `File ${text('filename')} deleted`,
};

/**
 * An event of the security history in words, for the account's owner: what happened, with the names and projects
 * its details hold (text, escaped by the template). A kind without words of its own is spelled out from its code.
 */
export function describeEvent(event: Pick<StoredEvent, 'kind' | 'details'>): string {
  const details = event.details;
  const text = (name: string): string => (typeof details[name] === 'string' ? (details[name] as string) : '');
  const describe = Object.hasOwn(descriptions, event.kind) ? descriptions[event.kind] : undefined;
  if (describe === undefined) {
    const words = event.kind.replace(/[._]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return describe({
    text,
    quoted: (name) => (text(name) === '' ? '' : ` '${text(name)}'`),
    method: methods[text('method')] ?? 'a second factor',
    purpose: text('purpose') === 'sudo' ? 'to confirm a sensitive change' : 'to log in',
    release: `${text('project')} ${text('version')}`.trim(),
    details,
  });
}

/** The kinds describeEvent has words for. */
export const describedEventKinds: readonly string[] = Object.keys(descriptions);
