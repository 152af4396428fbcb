import type { Knex } from 'knex';
import type { RegistryEvent } from './RegistryEvent.js';

/** Appends `event` to the events table (pass a transaction to record it with the change it describes). */
export async function recordEvent(db: Knex | Knex.Transaction, event: RegistryEvent): Promise<void> {
  await db('events').insert({
    created_at: new Date(),
    kind: event.kind,
    user_id: event.userId ?? null,
    project_id: event.projectId ?? null,
    ip: event.ip === null ? null : event.ip.slice(0, 64),
    user_agent: event.userAgent === null ? null : event.userAgent.slice(0, 512),
    details: JSON.stringify(event.details ?? {}),
  });
}
