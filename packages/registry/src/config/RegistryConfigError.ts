/** A configuration value the registry cannot start with (an operator error: one line, exit status 2). */
export class RegistryConfigError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'RegistryConfigError';
  }
}
