import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';

/** A request to change a project: which one, who asks (an owner or an administrator) and from where. */
export interface ManagementRequest {
  project: string;
  actor: AuthenticatedUser;
  ip: string | null;
  userAgent: string | null;
}
