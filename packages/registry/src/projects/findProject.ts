import type { Knex } from 'knex';
import type { Project } from './Project.js';
import { normalizeProjectName } from './normalizeProjectName.js';

/** The project whose name normalizes (PEP 503) as `name` does, or null. */
export async function findProject(db: Knex | Knex.Transaction, name: string): Promise<Project | null> {
  const row = (await db('projects').select('id', 'name', 'normalized_name', 'created_at', 'require_2fa').where('normalized_name', normalizeProjectName(name)).first()) as
    | { id: number; name: string; normalized_name: string; created_at: string | number | Date; require_2fa: unknown }
    | undefined;
  if (!row) return null;
  return { id: Number(row.id), name: row.name, normalizedName: row.normalized_name, createdAt: new Date(row.created_at), require2fa: Boolean(row.require_2fa) };
}
