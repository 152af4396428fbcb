/** A command line keybridge-registry cannot run: printed as one line, exit status 2. */
export class RegistryUsageError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'RegistryUsageError';
  }
}
