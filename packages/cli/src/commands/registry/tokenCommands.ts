import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../program/CliError.js';
import type { CommandContext } from '../../program/CommandContext.js';
import type { CommandResult } from '../../program/runCommand.js';
import { setPypircRepository } from '../../pypirc/setPypircRepository.js';
import { RegistryAccount } from '../../registry/RegistryAccount.js';
import type { RegistryOptions } from '../../registry/RegistryOptions.js';
import { writePrivateFile } from '../../registry/writePrivateFile.js';
import { narrowApiToken } from '../../tokens/narrowApiToken.js';
import { cidr, durationSeconds, expiryCaveat, projectsCaveat, sourceAddressesCaveat } from '../../tokens/tokenCaveats.js';

/** The narrowing options `token create` and `token restrict` share. */
export interface TokenScopeOptions extends RegistryOptions {
  project?: string[];
  expires?: string;
  cidr?: string[];
}

export interface TokenCreateOptions extends TokenScopeOptions {
  name: string;
  pypirc?: boolean;
}

/** What the CLI reads of a token as GET /api/v1/tokens lists it (never the token itself); --json passes all of it on. */
interface TokenSummary {
  id: string;
  name: string;
  scope: { kind: 'account' } | { kind: 'projects'; projects: string[] };
  /** In words. */
  caveats: string[];
  expiresAt: string | null;
  lastUsed: { at: string; ip: string | null } | null;
  works: boolean;
  problems: string[];
}

/** The ~/.pypirc section for a registry: its host (and port), e.g. "localhost-8080". */
export function pypircSectionName(registry: string): string {
  const url = new URL(registry);
  return `${url.hostname}${url.port === '' ? '' : `-${url.port}`}`.replace(/[^A-Za-z0-9.-]/g, '-');
}

/**
 * The token's place in ~/.pypirc, read and checked before the token is minted (a file that is not valid INI must not
 * cost a token nobody can see again); `write` puts it there (0600), leaving the rest of the file as it was.
 */
async function preparePypirc(context: CommandContext, registry: string): Promise<{ path: string; section: string; write(token: string): Promise<void> }> {
  const path = join(context.io.env.HOME || homedir(), '.pypirc');
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const section = pypircSectionName(registry);
  const withToken = (token: string) => setPypircRepository(text, path, section, { repository: `${registry}/legacy/`, username: '__token__', password: token });
  withToken('kbr-');
  return { path, section, write: (token) => writePrivateFile(path, withToken(token)) };
}

/**
 * `keybridge token create --name N`: a new API token, for the account or some projects, maybe with an expiry and
 * source ranges. Printed once on stdout (the registry never shows it again), or written into ~/.pypirc (--pypirc).
 */
export function tokenCreateCommand(version: string) {
  return async (context: CommandContext, options: TokenCreateOptions): Promise<CommandResult> => {
    const body = {
      name: options.name,
      ...(options.project ? { projects: options.project } : {}),
      ...(options.expires === undefined ? {} : { expiresAt: Math.floor(Date.now() / 1000) + durationSeconds(options.expires, '--expires') }),
      ...(options.cidr ? { sourceAddresses: options.cidr.map(cidr) } : {}),
    };
    const account = await RegistryAccount.open(context, options, version);
    const pypirc = options.pypirc ? await preparePypirc(context, account.registry) : undefined;
    const created = (await account.withSudo(() => account.call('POST', '/api/v1/tokens', body))) as TokenSummary & { token: string };
    const { token, ...summary } = created;
    if (pypirc) {
      await pypirc.write(token);
      const { path, section } = pypirc;
      return {
        json: { ...summary, pypirc: { path, section } },
        text: `Token "${summary.name}" written to ${path} as [${section}]: twine upload --repository ${section} dist/*`,
      };
    }
    context.note(`Token "${summary.name}" (${summary.caveats.join('; ')}): this is the only time it is shown`);
    return { json: created, text: token };
  };
}

/** `keybridge token list`. */
export function tokenListCommand(version: string) {
  return async (context: CommandContext, options: RegistryOptions): Promise<CommandResult> => {
    const account = await RegistryAccount.open(context, options, version);
    const { tokens } = (await account.call('GET', '/api/v1/tokens')) as { tokens: TokenSummary[] };
    const lines = tokens.map((token) => {
      const scope = token.scope.kind === 'account' ? 'whole account' : `projects ${token.scope.projects.join(', ')}`;
      const expiry = token.expiresAt === null ? 'no expiry' : `expires ${token.expiresAt}`;
      const used = token.lastUsed === null ? 'never used' : `last used ${token.lastUsed.at}`;
      const problems = token.works ? '' : `  ${context.paint.red(`does not work: ${token.problems.join(', ')}`)}`;
      return `${context.paint.bold(token.name)}  ${scope}, ${expiry}, ${used}${problems}`;
    });
    lines.push(tokens.length === 0 ? 'No API tokens' : `${tokens.length} API token${tokens.length === 1 ? '' : 's'}`);
    return { json: { tokens }, text: lines.join('\n') };
  };
}

/** `keybridge token revoke NAME`. */
export function tokenRevokeCommand(version: string) {
  return async (context: CommandContext, options: RegistryOptions, args: readonly string[]): Promise<CommandResult> => {
    const name = args[0]!;
    const account = await RegistryAccount.open(context, options, version);
    const { tokens } = (await account.call('GET', '/api/v1/tokens')) as { tokens: TokenSummary[] };
    const token = tokens.find((candidate) => candidate.name === name);
    if (!token) throw new CliError('NOT_FOUND', `${account.username} has no API token named "${name}" (see keybridge token list)`);
    await account.withSudo(() => account.call('DELETE', `/api/v1/tokens/${encodeURIComponent(token.id)}`));
    return { json: { revoked: token }, text: `Revoked token "${name}": it no longer works anywhere` };
  };
}

/**
 * `keybridge token restrict`: the token on standard input, narrowed (projects, a lifetime from now, source ranges)
 * on standard output; no registry, no session: what a CI job does before handing a token to one step.
 */
export async function tokenRestrictCommand(context: CommandContext, options: TokenScopeOptions): Promise<CommandResult> {
  const caveats: Uint8Array[] = [];
  if (options.project) caveats.push(projectsCaveat(options.project));
  if (options.expires !== undefined) caveats.push(expiryCaveat(Math.floor(Date.now() / 1000), durationSeconds(options.expires, '--expires')));
  if (options.cidr) caveats.push(sourceAddressesCaveat(options.cidr));
  if (caveats.length === 0) throw new CliError('USAGE', 'Restrict it how? Give --project, --expires or --cidr');
  const token = await context.readSecret({ label: 'token', stdin: true, option: 'keybridge token restrict', envName: '', hidden: true });
  const narrowed = narrowApiToken(token.trim(), caveats);
  return { json: { token: narrowed }, text: narrowed };
}
