import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase } from './migrateDatabase.js';
import { openDatabase } from './openDatabase.js';
import { writeTransaction } from './writeTransaction.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two knex instances on one SQLite file: two connections, as two registry processes have. */
async function twoConnections(): Promise<[Knex, Knex]> {
  const dir = mkdtempSync(join(tmpdir(), 'keybridge-write-transaction-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const opened = [0, 1].map(() => openDatabase({ databaseUrl: `sqlite:${join(dir, 'registry.sqlite3')}` }));
  for (const db of opened) cleanups.push(() => db.destroy());
  await migrateDatabase(opened[0]!);
  return [opened[0]!, opened[1]!];
}

const bucket = { bucket_key: 'test', window_start: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function hits(db: Knex): Promise<number> {
  const row = (await db('rate_limit_buckets').select('hits').where(bucket).first()) as { hits: number } | undefined;
  return row?.hits ?? 0;
}

/** The other process's write: one statement, which waits for the write lock under the busy timeout. Run once. */
function increment(db: Knex): Promise<unknown> {
  return Promise.resolve(db('rate_limit_buckets')
    .insert({ ...bucket, hits: 1 })
    .onConflict(['bucket_key', 'window_start'])
    .merge({ hits: db.raw('?? + 1', ['rate_limit_buckets.hits']) }));
}

/** Reads the count, lets the other connection write, then writes what it read plus one (a read→write transaction). */
async function readThenWrite(trx: Knex.Transaction, other: Knex, otherWrote: { done?: Promise<unknown> }): Promise<number> {
  const seen = await hits(trx);
  otherWrote.done = increment(other);
  // Long enough for the other write to commit if nothing stops it.
  await Promise.race([otherWrote.done, sleep(300)]);
  await trx('rate_limit_buckets')
    .insert({ ...bucket, hits: seen + 1 })
    .onConflict(['bucket_key', 'window_start'])
    .merge({ hits: seen + 1 });
  return seen + 1;
}

describe('writeTransaction on SQLite', () => {
  it('is needed: a plain knex transaction that reads, then writes after another connection wrote, fails at once with SQLITE_BUSY', async () => {
    const [db, other] = await twoConnections();
    const otherWrote: { done?: Promise<unknown> } = {};
    const started = Date.now();
    await expect(db.transaction((trx) => readThenWrite(trx, other, otherWrote))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeLessThan(2000);
    await otherWrote.done;
    expect(await hits(db)).toBe(1);
  });

  it('takes the write lock first: the other connection waits for the commit, then both writes count', async () => {
    const [db, other] = await twoConnections();
    const otherWrote: { done?: Promise<unknown> } = {};
    let committed = false;
    const result = writeTransaction(db, (trx) => readThenWrite(trx, other, otherWrote)).then((value) => {
      committed = true;
      return value;
    });
    expect(await result).toBe(1);
    await otherWrote.done!.then(() => expect(committed).toBe(true));
    expect(await hits(db)).toBe(2);
  });

  it('rolls back when the work throws, and nests (a savepoint) inside another write transaction', async () => {
    const [db] = await twoConnections();
    await expect(
      writeTransaction(db, async (trx) => {
        await increment(trx);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await hits(db)).toBe(0);
    const value = await writeTransaction(db, (outer) => writeTransaction(outer, async (inner) => {
      await increment(inner);
      return 'nested';
    }));
    expect(value).toBe('nested');
    expect(await hits(db)).toBe(1);
  });
});
