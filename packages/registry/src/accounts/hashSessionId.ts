import { createHash } from 'node:crypto';

/** What the sessions table keeps of a session id: its hex SHA-256 (a database leak yields no usable cookie). */
export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}
