/**
 * A registry that said no, or could not be reached: `code` is the registry's own (`invalid_credentials`,
 * `sudo_required`, `second_factor_invalid`, …), or UNREACHABLE / BAD_ANSWER / NOT_LOGGED_IN / SESSION_EXPIRED from
 * the CLI; `status` the HTTP status when there was an answer.
 */
export class RegistryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RegistryError';
  }
}
