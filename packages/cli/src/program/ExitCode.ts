/** The exit statuses of `keybridge`, as its --help documents them. */
export const ExitCode = {
  OK: 0,
  /** The command failed: the key said no, or stopped answering, or there is no key. */
  ERROR: 1,
  /** The command line is wrong (unknown option, bad value, a PIN needed but no way to ask for it). */
  USAGE: 2,
  /** Ctrl-C (SIGINT), or a prompt cancelled: 128 + SIGINT's number, as shells report it. */
  CANCELLED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
