import type { Knex } from 'knex';
import type { ListedProject } from '../simple/listProjects.js';
import { normalizeProjectName } from './normalizeProjectName.js';

/**
 * Projects whose normalized name contains `query`'s normalized form: the exact match first, then names starting
 * with it, then the others, each by name; at most `limit`. Characters no normalized name has are dropped from the
 * query first, so it never carries a LIKE wildcard.
 */
export async function searchProjects(db: Knex, query: string, limit: number): Promise<ListedProject[]> {
  const needle = normalizeProjectName(query.trim().replace(/\s+/g, '-')).replace(/[^a-z0-9-]/g, '');
  if (needle === '') return [];
  const rows = (await db('projects').where('normalized_name', 'like', `%${needle}%`).select('name', 'normalized_name')) as Array<{ name: string; normalized_name: string }>;
  const rank = (name: string) => (name === needle ? 0 : name.startsWith(needle) ? 1 : 2);
  return rows
    .map((row) => ({ name: row.name, normalizedName: row.normalized_name }))
    .sort((left, right) => rank(left.normalizedName) - rank(right.normalizedName) || (left.normalizedName < right.normalizedName ? -1 : left.normalizedName > right.normalizedName ? 1 : 0))
    .slice(0, limit);
}
