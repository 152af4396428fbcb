import { WebAuthnClient, type PublicKeyCredentialRequestOptionsJSON } from '@keybridge/client';
import { CliError } from '../program/CliError.js';
import type { CommandContext } from '../program/CommandContext.js';
import { keyCeremony } from './keyCeremony.js';
import { RegistryClient } from './RegistryClient.js';
import { RegistryError } from './RegistryError.js';
import type { RegistryOptions } from './RegistryOptions.js';
import { registryUrl } from './registryUrl.js';
import { SessionStore, type StoredSession } from './SessionStore.js';

/** What POST /api/v1/session and the second-factor step answer. */
interface LoginAnswer {
  user?: { username: string };
  secondFactorRequired?: boolean;
  methods?: string[];
}

/** What the sudo step needs to know of the account: GET /api/v1/2fa. */
interface TwoFactorStatus {
  enabled: boolean;
  methods: string[];
  recoveryCodesLeft: number;
}

export const userAgent = (version: string) => `keybridge-cli/${version} (+https://github.com/keybridge)`;

/** The password: --password-stdin, KEYBRIDGE_PASSWORD or a prompt. */
export function readPassword(context: CommandContext, options: RegistryOptions): Promise<string> {
  return context.readSecret({ label: 'password', stdin: options.passwordStdin === true, option: '--password-stdin', envName: 'KEYBRIDGE_PASSWORD', hidden: true });
}

/**
 * The second factor the registry asks for, as a JSON proof: a recovery code when one is given or asked for
 * (--recovery-code[-stdin], KEYBRIDGE_RECOVERY_CODE: the key is lost); a TOTP code when one is given (--totp-stdin,
 * KEYBRIDGE_TOTP) or the account has no security key; else an assertion of the key (`optionsPath` gives the challenge).
 */
async function proveSecondFactor(context: CommandContext, options: RegistryOptions, client: RegistryClient, methods: readonly string[], optionsPath: string): Promise<Record<string, unknown>> {
  if (options.recoveryCode === true || options.recoveryCodeStdin === true || (context.io.env.KEYBRIDGE_RECOVERY_CODE ?? '') !== '') {
    const recoveryCode = await context.readSecret({
      label: 'recovery code',
      stdin: options.recoveryCodeStdin === true,
      option: '--recovery-code-stdin',
      envName: 'KEYBRIDGE_RECOVERY_CODE',
      hidden: true,
    });
    return { recoveryCode };
  }
  const totpGiven = options.totpStdin === true || (context.io.env.KEYBRIDGE_TOTP ?? '') !== '';
  const totp = methods.includes('totp');
  if (totp && (totpGiven || !methods.includes('security_key'))) {
    const code = await context.readSecret({ label: 'TOTP code', stdin: options.totpStdin === true, option: '--totp-stdin', envName: 'KEYBRIDGE_TOTP', hidden: false });
    return { totpCode: code };
  }
  if (methods.includes('security_key')) {
    const challenge = (await client.call('POST', optionsPath)) as PublicKeyCredentialRequestOptionsJSON;
    context.note(`Confirm with your security key${totp ? ' (or give a TOTP code with --totp-stdin or KEYBRIDGE_TOTP)' : ''}`);
    return { webauthn: await new WebAuthnClient().get(challenge, await keyCeremony(context, client.url)) };
  }
  throw new RegistryError('NO_USABLE_FACTOR', 'The account has no second factor left but its recovery codes: give one with --recovery-code');
}

/** The registry a command means: --registry / KEYBRIDGE_REGISTRY, else the one registry there is a session on. */
async function chooseRegistry(options: RegistryOptions, sessions: readonly StoredSession[]): Promise<string> {
  if (options.registry !== undefined && options.registry !== '') return registryUrl(options.registry);
  if (sessions.length === 1) return sessions[0]!.registry;
  if (sessions.length === 0) throw new RegistryError('NOT_LOGGED_IN', 'Not logged in: run "keybridge login --registry URL" first');
  throw new CliError('USAGE', `Logged in to several registries (${sessions.map((session) => session.registry).join(', ')}): choose one with --registry`);
}

/**
 * A command's account on a registry: the CLI session (kept in the config directory by login), the HTTP client that
 * carries it, and the steps the registry may ask for in between (sudo mode).
 */
export class RegistryAccount {
  private constructor(
    private readonly context: CommandContext,
    private readonly options: RegistryOptions,
    readonly client: RegistryClient,
    readonly username: string,
    private readonly store: SessionStore,
  ) {}

  get registry(): string {
    return this.client.url;
  }

  /** The stored session for the chosen registry; none, or one past its end, is a one-line error saying to log in. */
  static async open(context: CommandContext, options: RegistryOptions, version: string): Promise<RegistryAccount> {
    const store = new SessionStore(context.io.env);
    const sessions = await store.list();
    const registry = await chooseRegistry(options, sessions);
    const stored = sessions.find((session) => session.registry === registry);
    if (!stored) throw new RegistryError('NOT_LOGGED_IN', `Not logged in to ${registry}: run "keybridge login --registry ${registry}" first`);
    if (stored.expiresAt <= Date.now()) {
      await store.remove(registry);
      throw new RegistryError('SESSION_EXPIRED', `Your session on ${registry} expired at ${new Date(stored.expiresAt).toISOString()}: log in again with "keybridge login"`);
    }
    return new RegistryAccount(context, options, new RegistryClient(registry, context.signal, userAgent(version), stored), stored.username, store);
  }

  /**
   * Logs in with the password, then the second factor if the account has one, and keeps the new session (only
   * once it is whole: a failed login leaves the config directory as it was).
   */
  static async logIn(context: CommandContext, options: RegistryOptions, version: string): Promise<{ account: RegistryAccount; session: StoredSession }> {
    if (options.registry === undefined || options.registry === '') {
      throw new CliError('USAGE', 'Which registry? Give --registry URL (its public URL) or set KEYBRIDGE_REGISTRY');
    }
    const registry = registryUrl(options.registry);
    const store = new SessionStore(context.io.env);
    const previous = (await store.list()).find((session) => session.registry === registry);
    const username = options.user ?? previous?.username ?? (context.interactive ? await context.promptText('User name') : undefined);
    if (username === undefined || username === '') throw new CliError('USAGE', 'Which account? Give --user NAME');
    const client = new RegistryClient(registry, context.signal, userAgent(version));
    const password = await readPassword(context, options);
    let answer = (await client.call('POST', '/api/v1/session', { username, password })) as LoginAnswer;
    let usedRecoveryCode = false;
    if (answer.secondFactorRequired) {
      const proof = await proveSecondFactor(context, options, client, answer.methods ?? [], '/api/v1/session/second-factor/options');
      answer = (await client.call('POST', '/api/v1/session/second-factor', proof)) as LoginAnswer;
      usedRecoveryCode = 'recoveryCode' in proof;
    }
    const session = client.session;
    if (!session) throw new RegistryError('BAD_ANSWER', `${registry} signed us in without a session cookie: is it a keybridge registry?`);
    const stored: StoredSession = { registry, username: answer.user?.username ?? username, ...session };
    await store.save(stored);
    const account = new RegistryAccount(context, options, client, stored.username, store);
    if (usedRecoveryCode) {
      const { recoveryCodesLeft } = (await account.call('GET', '/api/v1/2fa')) as TwoFactorStatus;
      context.note(
        `Used a recovery code: ${recoveryCodesLeft} left. Lost your key? Add another ("keybridge key add"), remove the lost one ("keybridge key remove") ` +
          'and make new codes ("keybridge recovery-codes generate").',
      );
    }
    return { account, session: stored };
  }

  /** Ends the session on the registry (if it still can be reached) and forgets it here. */
  async logOut(): Promise<{ serverEnded: boolean }> {
    let serverEnded = true;
    try {
      await this.client.call('DELETE', '/api/v1/session');
    } catch (error) {
      if (!(error instanceof RegistryError) || error.status === null || error.status >= 500) {
        this.context.note(`The registry could not be told (${error instanceof Error ? error.message : String(error)}); the session is forgotten here all the same`);
      }
      serverEnded = false;
    }
    await this.store.remove(this.registry);
    return { serverEnded };
  }

  /** One call with the session; a session the registry no longer knows is forgotten and reported as such. */
  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    try {
      return await this.client.call(method, path, body);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'not_authenticated') {
        await this.store.remove(this.registry);
        throw new RegistryError('SESSION_EXPIRED', `Your session on ${this.registry} has ended: log in again with "keybridge login"`, error.status, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Runs `work`; if the registry answers that it wants the password (and second factor) again (403 sudo_required),
   * asks for them, confirms them (POST /api/v1/sudo) and runs `work` once more.
   */
  async withSudo<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof RegistryError) || error.code !== 'sudo_required') throw error;
    }
    this.context.note(`${this.registry} wants your password again for this (sudo mode, 30 minutes)`);
    const password = await readPassword(this.context, this.options);
    const status = (await this.call('GET', '/api/v1/2fa')) as TwoFactorStatus;
    const proof = status.enabled ? await proveSecondFactor(this.context, this.options, this.client, status.methods, '/api/v1/sudo/options') : {};
    await this.call('POST', '/api/v1/sudo', { ...proof, password });
    return work();
  }
}
