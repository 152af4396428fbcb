/** A command line the emulator cannot run with: printed as one line, exit status 2. */
export class EmulatorUsageError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'EmulatorUsageError';
  }
}
