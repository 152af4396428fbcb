import { onTestFinished } from 'vitest';
import type { FreshDatabase, TestDatabase } from './testDatabases.js';

/**
 * A fresh database from `testDatabase`, destroyed when the current test finishes: after whatever the test started
 * on it later is closed, since vitest runs those hooks last registered first. Call it inside a test.
 */
export async function createDatabaseForThisTest(testDatabase: TestDatabase): Promise<FreshDatabase> {
  const database = await testDatabase.create();
  onTestFinished(() => database.destroy());
  return database;
}
