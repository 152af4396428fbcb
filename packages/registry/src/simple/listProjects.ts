import type { Knex } from 'knex';

/** A project as listed by the root of the Simple API. */
export interface ListedProject {
  name: string;
  normalizedName: string;
}

/** Every project, by normalized name, and the registry's last serial (the id of its newest file, 0 without any). */
export async function listProjects(db: Knex): Promise<{ projects: ListedProject[]; lastSerial: number }> {
  const [rows, serial] = await Promise.all([
    db('projects').select('name', 'normalized_name') as Promise<Array<{ name: string; normalized_name: string }>>,
    db('files').max({ serial: 'id' }).first() as Promise<{ serial: number | string | null } | undefined>,
  ]);
  // Sorted here rather than by the database, whose collation differs between SQLite and PostgreSQL.
  const projects = rows.map((row) => ({ name: row.name, normalizedName: row.normalized_name }));
  projects.sort((left, right) => (left.normalizedName < right.normalizedName ? -1 : left.normalizedName > right.normalizedName ? 1 : 0));
  return {
    projects,
    lastSerial: Number(serial?.serial ?? 0),
  };
}
