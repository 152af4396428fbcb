import type { Knex } from 'knex';
import { describeCaveat, type TokenCaveat } from './tokenCaveats.js';

/** A token as its owner sees it in lists (never the token string). */
export interface ApiTokenSummary {
  id: string;
  name: string;
  scope: { kind: 'account' } | { kind: 'projects'; projects: string[] };
  /** The address ranges it may be used from, or null for anywhere. */
  sourceAddresses: string[] | null;
  /** Every caveat, in words. */
  caveats: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsed: { at: string; ip: string | null } | null;
  /** Whether an upload with it could succeed today; `problems` says why not. */
  works: boolean;
  problems: string[];
}

export interface ApiTokenRow {
  id: string;
  user_id: number;
  name: string;
  caveats: string;
  created_at: unknown;
  expires_at: unknown;
  last_used_at: unknown;
  last_used_ip: string | null;
}

/** The summary of a stored token at time `now` (epoch ms): whether it expired, whether its projects are still the user's. */
export async function describeTokenRow(db: Knex | Knex.Transaction, row: ApiTokenRow, now: number): Promise<ApiTokenSummary> {
  const caveats = JSON.parse(row.caveats) as TokenCaveat[];
  const problems: string[] = [];
  const ids = caveats.find((caveat) => caveat.kind === 'projectIds');
  let scope: ApiTokenSummary['scope'] = { kind: 'account' };
  if (ids?.kind === 'projectIds') {
    const projectIds = ids.ids.map(Number);
    const rows = (await db('projects')
      .leftJoin('roles', (join) => join.on('roles.project_id', '=', 'projects.id').andOn('roles.user_id', '=', db.raw('?', [row.user_id])))
      .select('projects.id', 'projects.name', 'roles.role')
      .whereIn('projects.id', projectIds)) as Array<{ id: number; name: string; role: string | null }>;
    scope = { kind: 'projects', projects: rows.map((project) => project.name) };
    for (const id of projectIds) {
      const project = rows.find((candidate) => Number(candidate.id) === id);
      if (!project) problems.push(`project #${id} no longer exists`);
      else if (project.role === null) problems.push(`you no longer maintain project '${project.name}'`);
    }
  }
  for (const caveat of caveats) {
    if (caveat.kind !== 'expiry') continue;
    if (now >= caveat.expiresAt * 1000) problems.push('expired');
    else if (now < caveat.notBefore * 1000) problems.push('not valid yet');
  }
  const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | number | Date).toISOString());
  const lastUsedAt = iso(row.last_used_at);
  return {
    id: row.id,
    name: row.name,
    scope,
    sourceAddresses: caveats.find((caveat) => caveat.kind === 'sourceAddresses')?.ranges ?? null,
    caveats: caveats.map(describeCaveat),
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    lastUsed: lastUsedAt === null ? null : { at: lastUsedAt, ip: row.last_used_ip },
    works: problems.length === 0,
    problems,
  };
}
