import { parseArgs } from 'node:util';
import { RegistryUsageError } from './RegistryUsageError.js';

export type RegistryCommand =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'serve'; workers: number }
  | { action: 'migrate' }
  | { action: 'create-admin'; username: string };

export const registryUsage = `Usage: keybridge-registry <command> [options]

Commands:
  serve [--workers N]          apply pending migrations, then serve the registry (N processes on one port; default 1)
  migrate                      apply pending migrations and exit
  create-admin --username U    create an administrator (password from standard input, or prompted on a terminal)

Options:
  -h, --help                   show this help
  --version                    print the version

Configuration comes from the environment (KEYBRIDGE_HOST, KEYBRIDGE_PORT, KEYBRIDGE_PUBLIC_URL, DATABASE_URL,
KEYBRIDGE_DATA_DIR, KEYBRIDGE_STORAGE_DIR, KEYBRIDGE_STORAGE=s3://bucket/prefix, KEYBRIDGE_MAX_UPLOAD_BYTES,
KEYBRIDGE_SECRET_KEY_FILE, KEYBRIDGE_TRUST_PROXY, …: see the README) and the JSON file named by KEYBRIDGE_CONFIG;
the environment wins.
`;

/** The command `args` (process.argv without node and the script) ask for; RegistryUsageError when they make no sense. */
export function parseRegistryArguments(args: readonly string[]): RegistryCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' }, username: { type: 'string' }, workers: { type: 'string' } },
    });
  } catch (error) {
    throw new RegistryUsageError((error as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new RegistryUsageError('a command is required: serve, migrate or create-admin');
  if (extra.length > 0) throw new RegistryUsageError(`unexpected argument "${extra[0]}"`);
  if (command !== 'create-admin' && values.username !== undefined) throw new RegistryUsageError(`--username is only for create-admin`);
  if (command !== 'serve' && values.workers !== undefined) throw new RegistryUsageError(`--workers is only for serve`);
  switch (command) {
    case 'serve': {
      const workers = values.workers === undefined ? 1 : /^\d{1,3}$/.test(values.workers) ? Number(values.workers) : 0;
      if (workers < 1 || workers > 256) throw new RegistryUsageError(`--workers must be a number from 1 to 256, not "${values.workers}"`);
      return { action: 'serve', workers };
    }
    case 'migrate':
      return { action: command };
    case 'create-admin':
      if (values.username === undefined || values.username === '') throw new RegistryUsageError('create-admin needs --username');
      return { action: 'create-admin', username: values.username };
    default:
      throw new RegistryUsageError(`unknown command "${command}" (expected serve, migrate or create-admin)`);
  }
}
