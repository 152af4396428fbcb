/** The browser/CLI session a request came with (ctx.state.session). The session id itself is never kept: only its hash. */
export interface ActiveSession {
  /** Hex SHA-256 of the session id (the sessions table's key). */
  idHash: string;
  userId: number;
  expiresAt: Date;
  /** The password was right but the account's second factor is still owed: the session can do nothing else. */
  secondFactorPending: boolean;
  /** When the password, and the second factor if any, were last given: sudo mode lasts sudoLifetimeMs from it. */
  confirmedAt: Date | null;
}
