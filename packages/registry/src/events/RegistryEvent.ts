/**
 * One security-relevant action. `kind` is '<area>.<action>' ('account.signup', 'account.login',
 * 'account.login_failed', 'account.login_rate_limited', 'account.logout', 'account.admin_created',
 * 'project.created', 'file.uploaded', …). `details` must never hold a password, token or session id.
 */
export interface RegistryEvent {
  kind: string;
  userId?: number | null;
  projectId?: number | null;
  /** The client's address (ctx.ip: X-Forwarded-For only when trustProxy), null for actions from the command line. */
  ip: string | null;
  userAgent: string | null;
  details?: Readonly<Record<string, unknown>>;
}
