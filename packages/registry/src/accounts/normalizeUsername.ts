/** The form usernames are compared in (unique without regard to case): lower case. Usernames are ASCII, so this is total. */
export function normalizeUsername(username: string): string {
  return username.toLowerCase();
}
