import { describeCtapError, type CtapErrorDetails } from '../errors/describeCtapError.js';
import { errorCodeOf } from '../errors/errorCodeOf.js';
import { exitCodeOf } from '../errors/exitCodeOf.js';
import { ExplainedError } from '../errors/ExplainedError.js';
import { CliError } from './CliError.js';
import { CommandContext, type CommandIo, type CommonOptions } from './CommandContext.js';
import { ExitCode, type ExitCodeValue } from './ExitCode.js';

/** What a command produced: the --json value, and the same for a person. */
export interface CommandResult {
  json: unknown;
  /** Printed on stdout without --json; may be empty. */
  text: string;
}

/** A command: its options and positional arguments in, its result out (failures are thrown). */
export type CommandBody<O extends CommonOptions> = (context: CommandContext, options: O, args: readonly string[]) => Promise<CommandResult>;

/** How long Ctrl-C waits for the command to end on its own (the device's CANCEL answer) before exiting anyway. */
const CANCEL_GRACE_MS = 2000;

const processIo = (): CommandIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

/**
 * Runs one command: Ctrl-C aborts its signal (the key gets CTAPHID_CANCEL) and ends it with 130, a second Ctrl-C
 * exits at once; the result goes to stdout (JSON with --json), and a failure becomes one line on stderr naming
 * the error in words (with --json also {"error": {code, message}} on stdout). Resolves with the exit status.
 */
export async function runCommand<O extends CommonOptions>(
  body: CommandBody<O>,
  options: O,
  args: readonly string[] = [],
  io: CommandIo = processIo(),
): Promise<ExitCodeValue> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.CANCELLED);
    controller.abort(new CliError('CANCELLED', 'Cancelled'));
    setTimeout(() => {
      io.stderr.write('keybridge: Cancelled\n');
      process.exit(ExitCode.CANCELLED);
    }, CANCEL_GRACE_MS).unref();
  };
  process.on('SIGINT', onSigint);
  const context = new CommandContext(options, controller.signal, io);
  try {
    const result = await body(context, options, args);
    await context.close();
    if (context.json) io.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
    else if (result.text !== '') io.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    return ExitCode.OK;
  } catch (thrown) {
    await context.close();
    // A failure after Ctrl-C is the cancellation, whatever the layer that noticed it made of it.
    const error = controller.signal.aborted && !(thrown instanceof CliError) ? new CliError('CANCELLED', 'Cancelled') : thrown;
    const cause = error instanceof ExplainedError ? error.cause : error;
    const details: CtapErrorDetails = error instanceof ExplainedError ? { ...error.details } : {};
    if (context.waitingForTouch) details.waitingForTouch = true;
    const message = describeCtapError(cause, details);
    io.stderr.write(`${context.paintErr.red('keybridge:')} ${message}\n`);
    if (io.env.KEYBRIDGE_DEBUG && cause instanceof Error && cause.stack) io.stderr.write(`${cause.stack}\n`);
    if (context.json) {
      const json: Record<string, unknown> = { code: errorCodeOf(cause), message };
      if (details.pinRetries !== undefined) json.pinRetries = details.pinRetries;
      io.stdout.write(`${JSON.stringify({ error: json }, null, 2)}\n`);
    }
    return exitCodeOf(cause);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
