import type { Knex } from 'knex';

/** An event as stored, read back (the security history page, tests). */
export interface StoredEvent {
  id: number;
  createdAt: Date;
  kind: string;
  userId: number | null;
  projectId: number | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

/** Events, oldest first (or newest first, at most `limit`), optionally only those of one user or one project. */
export async function listEvents(
  db: Knex,
  filter: { userId?: number; projectId?: number; kind?: string; newestFirst?: boolean; limit?: number } = {},
): Promise<StoredEvent[]> {
  const query = db('events').select('*').orderBy('id', filter.newestFirst ? 'desc' : 'asc');
  if (filter.limit !== undefined) query.limit(filter.limit);
  if (filter.userId !== undefined) query.where('user_id', filter.userId);
  if (filter.projectId !== undefined) query.where('project_id', filter.projectId);
  if (filter.kind !== undefined) query.where('kind', filter.kind);
  const rows = (await query) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    id: Number(row.id),
    createdAt: new Date(row.created_at as string | number | Date),
    kind: String(row.kind),
    userId: row.user_id === null ? null : Number(row.user_id),
    projectId: row.project_id === null ? null : Number(row.project_id),
    ip: (row.ip as string | null) ?? null,
    userAgent: (row.user_agent as string | null) ?? null,
    details: JSON.parse(String(row.details)) as Record<string, unknown>,
  }));
}
