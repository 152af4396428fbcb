/** The signed-in user of a request (ctx.state.user), as handlers see it. */
export interface AuthenticatedUser {
  id: number;
  username: string;
  isAdmin: boolean;
}
