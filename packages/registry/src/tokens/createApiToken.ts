import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import type { RegistryState } from '../app/RegistryState.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { findProject } from '../projects/findProject.js';
import { findProjectRole } from '../projects/findProjectRole.js';
import type { Project } from '../projects/Project.js';
import { mintApiToken } from './apiToken.js';
import { describeTokenRow, type ApiTokenSummary } from './describeTokenRow.js';
import type { TokenCaveat } from './tokenCaveats.js';

export interface NewApiToken {
  user: AuthenticatedUser;
  name: string;
  /** Project names the token is limited to (the user must be able to upload to each), or null for the whole account. */
  projects: readonly string[] | null;
  /** Unix seconds, or null for none (when the operator sets no maximum lifetime). */
  expiresAt: number | null;
  /** CIDR ranges the token may be used from, or null for anywhere. */
  sourceAddresses: readonly string[] | null;
  ip: string | null;
  userAgent: string | null;
}

export interface TokenIssuer {
  db: Knex;
  tokensKey: Buffer;
  /** Epoch ms. */
  now: number;
  /** config.tokenMaxLifetimeDays (0: no maximum). */
  maxLifetimeDays: number;
}

/** The issuer of a request: its database, the tokens key, its clock's time and the configured maximum lifetime. */
export function tokenIssuerOf(state: Pick<RegistryState, 'db' | 'tokensKey' | 'now' | 'config'>): TokenIssuer {
  return { db: state.db, tokensKey: state.tokensKey, now: state.now(), maxLifetimeDays: state.config.tokenMaxLifetimeDays };
}

/**
 * Mints a token: its row (never the token string) and a token.created event in one transaction. The token string is
 * returned here and nowhere else, ever. Every token carries the user caveat and the permission caveat ["upload"], so
 * that permissions added later never widen an old token; a project token also carries PyPI's name and id caveats.
 */
export async function createApiToken(issuer: TokenIssuer, request: NewApiToken): Promise<ApiTokenSummary & { token: string }> {
  const { db, now } = issuer;
  const nowSeconds = Math.floor(now / 1000);
  let expiresAt = request.expiresAt;
  if (issuer.maxLifetimeDays > 0) {
    const latest = nowSeconds + issuer.maxLifetimeDays * 86_400;
    expiresAt ??= latest;
    if (expiresAt > latest) throw new HttpError(400, 'invalid_expiry', `Tokens on this registry may live at most ${issuer.maxLifetimeDays} days`);
  }
  if (expiresAt !== null && expiresAt <= nowSeconds) throw new HttpError(400, 'invalid_expiry', 'expiresAt must be in the future');

  const tokenId = randomBytes(16).toString('hex');
  return writeTransaction(db, async (trx) => {
    const caveats: TokenCaveat[] = [];
    if (request.projects !== null) {
      const projects: Project[] = [];
      for (const name of request.projects) {
        const project = await findProject(trx, name);
        if (!project) throw new HttpError(400, 'project_not_found', `No project named '${name.slice(0, 100)}'`);
        if ((await findProjectRole(trx, project.id, request.user.id)) === null) {
          throw new HttpError(403, 'not_allowed', `You cannot upload to project '${project.name}', so no token can either`);
        }
        if (!projects.some((known) => known.id === project.id)) projects.push(project);
      }
      caveats.push({ kind: 'projectNames', names: projects.map((project) => project.normalizedName) });
      caveats.push({ kind: 'projectIds', ids: projects.map((project) => String(project.id)) });
    }
    caveats.push({ kind: 'user', userId: String(request.user.id) });
    caveats.push({ kind: 'permissions', permissions: ['upload'] });
    if (expiresAt !== null) caveats.push({ kind: 'expiry', expiresAt, notBefore: nowSeconds });
    if (request.sourceAddresses !== null) caveats.push({ kind: 'sourceAddresses', ranges: [...request.sourceAddresses] });

    const taken = await trx('api_tokens').select('id').where({ user_id: request.user.id, name: request.name }).whereNull('revoked_at').first();
    if (taken) throw new HttpError(409, 'token_name_taken', `You already have a token named '${request.name}'`);
    const row = {
      id: tokenId,
      user_id: request.user.id,
      name: request.name,
      caveats: JSON.stringify(caveats),
      created_at: new Date(now),
      expires_at: expiresAt === null ? null : new Date(expiresAt * 1000),
      last_used_at: null,
      last_used_ip: null,
      revoked_at: null,
      revoked_reason: null,
    };
    await trx('api_tokens').insert(row);
    await recordEvent(trx, {
      kind: 'token.created',
      userId: request.user.id,
      ip: request.ip,
      userAgent: request.userAgent,
      details: { tokenId, name: request.name, caveats },
    });
    const token = mintApiToken(issuer.tokensKey, { tokenId, caveats });
    return { ...(await describeTokenRow(trx, row, now)), token };
  });
}
