import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { isDatabaseBusy } from './isDatabaseBusy.js';

function run(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

describe('isDatabaseBusy', () => {
  it("recognises the error sqlite3 gives a writer while another connection holds the write lock", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keybridge-busy-'));
    const holder = new sqlite3.Database(join(directory, 'db.sqlite'));
    const writer = new sqlite3.Database(join(directory, 'db.sqlite'));
    try {
      await run(holder, 'CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);');
      const error: unknown = await run(writer, 'INSERT INTO t VALUES (2);').then(() => undefined, (caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(isDatabaseBusy(error)).toBe(true);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      await new Promise((resolve) => writer.close(resolve));
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("recognises PostgreSQL's lock timeout, deadlock and serialization failure, and nothing else", () => {
    for (const code of ['55P03', '40P01', '40001', 'SQLITE_LOCKED']) expect(isDatabaseBusy(Object.assign(new Error('x'), { code }))).toBe(true);
    for (const error of [new Error('x'), Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' }), Object.assign(new Error('x'), { code: '23505' }), null, 'SQLITE_BUSY', { code: 5 }]) {
      expect(isDatabaseBusy(error)).toBe(false);
    }
  });
});
