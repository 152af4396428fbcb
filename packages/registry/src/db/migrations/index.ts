import type { Knex } from 'knex';
import * as accounts from './0001_accounts.js';
import * as packages from './0002_packages.js';
import * as apiTokens from './0003_api_tokens.js';
import * as twoFactor from './0004_two_factor.js';
import * as releaseMetadata from './0005_release_metadata.js';
import * as deletedFilenames from './0006_deleted_filenames.js';
import * as scaleIndexes from './0007_scale_indexes.js';

/** One migration: applied in list order, recorded by name in knex_migrations. */
export interface RegistryMigration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Every migration, oldest first. Append-only: a released migration is never edited or reordered, a change is a
 * new entry. Listed as modules (not read from a directory) so the compiled dist needs no migrations folder.
 */
export const registryMigrations: readonly RegistryMigration[] = [
  { name: '0001_accounts', up: accounts.up, down: accounts.down },
  { name: '0002_packages', up: packages.up, down: packages.down },
  { name: '0003_api_tokens', up: apiTokens.up, down: apiTokens.down },
  { name: '0004_two_factor', up: twoFactor.up, down: twoFactor.down },
  { name: '0005_release_metadata', up: releaseMetadata.up, down: releaseMetadata.down },
  { name: '0006_deleted_filenames', up: deletedFilenames.up, down: deletedFilenames.down },
  { name: '0007_scale_indexes', up: scaleIndexes.up, down: scaleIndexes.down },
];

/** A knex MigrationSource over registryMigrations. */
export const migrationSource: Knex.MigrationSource<RegistryMigration> = {
  getMigrations: async () => [...registryMigrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => ({ up: migration.up, down: migration.down }),
};
