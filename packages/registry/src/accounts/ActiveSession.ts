/** The browser/CLI session a request came with (ctx.state.session). The session id itself is never kept: only its hash. */
export interface ActiveSession {
  /** Hex SHA-256 of the session id (the sessions table's key). */
  idHash: string;
  userId: number;
  expiresAt: Date;
}
