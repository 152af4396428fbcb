import { readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RegistrySession } from './RegistryClient.js';
import { writePrivateFile } from './writePrivateFile.js';

/** A CLI session on one registry, as kept between commands. */
export interface StoredSession extends RegistrySession {
  registry: string;
  username: string;
}

interface SessionsFile {
  sessions: Record<string, StoredSession>;
}

/** $XDG_CONFIG_HOME/keybridge, else ~/.config/keybridge (XDG Base Directory: a relative XDG_CONFIG_HOME is ignored). */
export function configDirectory(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'keybridge');
}

function isStoredSession(value: unknown): value is StoredSession {
  const session = value as Partial<StoredSession> | null;
  return (
    typeof session === 'object' &&
    session !== null &&
    typeof session.registry === 'string' &&
    typeof session.username === 'string' &&
    typeof session.sessionId === 'string' &&
    typeof session.csrfToken === 'string' &&
    typeof session.expiresAt === 'number'
  );
}

/**
 * The CLI's sessions, one per registry, in sessions.json of the config directory (mode 0600: a session is as good as
 * the password until it expires). A file that cannot be read as ours counts as empty and is replaced on the next login.
 */
export class SessionStore {
  readonly path: string;

  constructor(env: NodeJS.ProcessEnv) {
    this.path = join(configDirectory(env), 'sessions.json');
  }

  async list(): Promise<StoredSession[]> {
    return Object.values((await this.read()).sessions);
  }

  async save(session: StoredSession): Promise<void> {
    const file = await this.read();
    file.sessions[session.registry] = session;
    await writePrivateFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
  }

  /** Forgets the session on `registry`; the file goes when it holds none. */
  async remove(registry: string): Promise<void> {
    const file = await this.read();
    if (!(registry in file.sessions)) return;
    delete file.sessions[registry];
    if (Object.keys(file.sessions).length === 0) await rm(this.path, { force: true });
    else await writePrivateFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
  }

  private async read(): Promise<SessionsFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: {} };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { sessions: {} };
    }
    const sessions: Record<string, StoredSession> = {};
    const stored = (parsed as Partial<SessionsFile> | null)?.sessions;
    for (const session of Object.values(typeof stored === 'object' && stored !== null ? stored : {})) {
      if (isStoredSession(session)) sessions[session.registry] = session;
    }
    return { sessions };
  }
}
