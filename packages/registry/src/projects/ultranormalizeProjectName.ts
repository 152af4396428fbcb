import type { Knex } from 'knex';

/**
 * Warehouse's `ultranormalize_name`: lower case, the separators `-`, `_` and `.` removed, then the confusable
 * letters folded into digits: `l` and `i` → `1`, `o` → `0` (so `kb-demo`, `KB_Dem0` and `kbdemo` all give
 * `kbdem0`, and `pil1ow` matches `pillow`). Only these: no other look-alikes are folded, as on PyPI.
 */
export function ultranormalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '').replace(/[li]/g, '1').replace(/o/g, '0');
}

/**
 * An existing project, other than `normalizedName` itself, whose name ultranormalizes to the same string as `name`:
 * the name is too similar to it. Compared in SQL on projects.normalized_name (PEP 503: lower case, separators
 * already '-'), the same on SQLite and PostgreSQL.
 */
export async function findConfusableProject(db: Knex, name: string, normalizedName: string): Promise<{ id: number; name: string } | null> {
  const row = (await db('projects')
    .select('id', 'name')
    .whereRaw(`replace(replace(replace(replace(normalized_name, '-', ''), 'l', '1'), 'i', '1'), 'o', '0') = ?`, [ultranormalizeProjectName(name)])
    .whereNot('normalized_name', normalizedName)
    .orderBy('id')
    .first()) as { id: number; name: string } | undefined;
  return row ? { id: Number(row.id), name: row.name } : null;
}
