import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CommandBody } from './runCommand.js';
import type { CommonOptions } from './CommandContext.js';
import { ExitCode, type ExitCodeValue } from './ExitCode.js';

// Only commander is loaded up front: `keybridge --help` must start nearly as fast as node itself. Each action
// imports its command, the client (and node-hid), the prompt library or the emulator when it runs.

const EXIT_STATUS = `
Exit status:
  0    done
  1    the command failed (the key or the registry refused, stopped answering, or is not there); one line on stderr says why
  2    usage error (unknown option, bad value, no way to get a PIN or a confirmation)
  130  cancelled (Ctrl-C: the key is told to stop waiting)
`;

const HELP_FOOTER = `
Choosing the key:
  --device hid:PATH        a USB key, as "keybridge devices" lists it
  --device udp:HOST:PORT   the emulator ("keybridge emulator") or a firmware simulator, e.g. udp:127.0.0.1:8111
  --reply-port N           with udp:, receive the answers on local port N: solo's and canokey's simulators answer
                           to 7112 whatever port asked, as does "keybridge emulator --reply-port N"
  Without --device (or KEYBRIDGE_DEVICE): the one USB key plugged in; with several, the one you touch.

Environment:
  KEYBRIDGE_DEVICE         the --device to use when the option is not given
  KEYBRIDGE_REPLY_PORT     the --reply-port to use when the option is not given
  KEYBRIDGE_REGISTRY       the registry's public URL, for login and the key and token commands
  KEYBRIDGE_PASSWORD       the account's password, when the registry asks for it, for scripts
  KEYBRIDGE_TOTP           a TOTP code as the second factor instead of the key, for scripts
  KEYBRIDGE_RECOVERY_CODE  a recovery code as the second factor (the key lost), for scripts
  KEYBRIDGE_PIN            the PIN (the current one for "pin change"), for scripts; never printed
  KEYBRIDGE_NEW_PIN        the new PIN for "pin change" (and "pin set")
  NO_COLOR                 no colours (there are none when the output is not a terminal either)
  FORCE_COLOR              colours even when the output is not a terminal (NO_COLOR wins)

PINs come from --pin-stdin (one per line: "pin change" reads the current, then the new one), else the
environment, else a prompt that does not echo. They are never echoed, logged or put in messages.
${EXIT_STATUS}`;

const REGISTRY_HELP = `
The session "keybridge login" starts is kept in $XDG_CONFIG_HOME/keybridge/sessions.json (~/.config/keybridge),
readable by you only, until the registry ends it (12 hours). When the registry wants the password again (sudo mode,
every 30 minutes) the command asks for it and the second factor, then goes on.

Secrets for scripts: KEYBRIDGE_PASSWORD, KEYBRIDGE_TOTP (a TOTP code rather than the key), KEYBRIDGE_PIN; or
--password-stdin, --totp-stdin, --pin-stdin, one line of standard input each, in that order. A lost key: a recovery
code with --recovery-code (asked for), --recovery-code-stdin (the line after the password) or KEYBRIDGE_RECOVERY_CODE.
`;

function milliseconds(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 3_600_000) {
    throw new InvalidArgumentError('wants milliseconds, from 1 to 3600000');
  }
  return Number(text);
}

function portNumber(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new InvalidArgumentError('wants a UDP port, from 1 to 65535');
  return Number(text);
}

function version(): string {
  // dist/program/ sits two levels below the package root, as src/program/ does.
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

type Loader = () => Promise<CommandBody<CommonOptions>>;

/**
 * Runs `keybridge` with these arguments (without node and the script); resolves with the exit status. The
 * caller exits with it once stdout and stderr are flushed.
 */
export async function runKeybridge(argv: readonly string[]): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.OK;
  const program = new Command('keybridge');
  program
    .description('Manage FIDO2 security keys from the terminal: USB keys, or the emulator over UDP.')
    .version(version(), '--version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .exitOverride()
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .configureOutput({
      // One line: commander puts its "(Did you mean …?)" on a second line.
      outputError: (message, write) => write(`keybridge: ${message.trimEnd().replace(/\n/g, ' ')}\n`),
    })
    .addHelpText('after', HELP_FOOTER);

  const action =
    (load: Loader) =>
    async (...parameters: unknown[]): Promise<void> => {
      const command = parameters[parameters.length - 1] as Command;
      const options = command.opts<CommonOptions>();
      const args = command.processedArgs.filter((argument): argument is string => typeof argument === 'string');
      const [{ runCommand }, body] = await Promise.all([import('./runCommand.js'), load()]);
      exitCode = await runCommand(body, options, args);
    };

  const deviceCommand = (parent: Command, name: string, description: string, options: { pin?: boolean; pinHelp?: string } = {}) => {
    const command = parent
      .command(name)
      .description(description)
      .option('--json', 'machine-readable output on stdout (messages stay on stderr)')
      .addOption(new Option('--device <spec>', 'the key: hid:PATH or udp:HOST:PORT').env('KEYBRIDGE_DEVICE'))
      .addOption(
        new Option('--reply-port <port>', 'with udp:HOST:PORT, receive the answers on this local port (firmware simulators answer to a fixed one)')
          .env('KEYBRIDGE_REPLY_PORT')
          .argParser(portNumber),
      )
      .addOption(new Option('--timeout <ms>', 'how long the key gets to answer (default 3000 to connect, 30000 per request)').argParser(milliseconds));
    if (options.pin) {
      command
        .option('--pin-stdin', options.pinHelp ?? 'read the PIN from the first line of standard input (pin change: current, then new)')
        .addHelpText('after', '\nWithout --pin-stdin the PIN comes from KEYBRIDGE_PIN (KEYBRIDGE_NEW_PIN for a new one), else a no-echo prompt.');
    }
    return command.addHelpText('after', EXIT_STATUS);
  };

  program
    .command('devices')
    .description('list the security keys plugged in (USB HID)')
    .option('--json', 'machine-readable output on stdout (messages stay on stderr)')
    .addHelpText('after', EXIT_STATUS)
    .action(action(async () => (await import('../commands/devicesCommand.js')).devicesCommand));

  deviceCommand(program, 'info', 'what the key is and can do: versions, AAGUID, options, PIN state, room left, algorithms').action(
    action(async () => (await import('../commands/infoCommand.js')).infoCommand),
  );

  const pin = program.command('pin').description('set or change the PIN, or see the retries left').addHelpText('after', EXIT_STATUS);
  deviceCommand(pin, 'set', 'set the first PIN of a key that has none', { pin: true }).action(
    action(async () => (await import('../commands/pinSetCommand.js')).pinSetCommand),
  );
  deviceCommand(pin, 'change', 'change the PIN (asks for the current one)', { pin: true }).action(
    action(async () => (await import('../commands/pinChangeCommand.js')).pinChangeCommand),
  );
  deviceCommand(pin, 'retries', 'how many wrong PINs the key still accepts').action(
    action(async () => (await import('../commands/pinRetriesCommand.js')).pinRetriesCommand),
  );

  const credentials = program
    .command('credentials')
    .description('the discoverable credentials (passkeys) on the key')
    .addHelpText('after', EXIT_STATUS);
  deviceCommand(credentials, 'list', 'list them by relying party (needs the PIN)', { pin: true }).action(
    action(async () => (await import('../commands/credentialsListCommand.js')).credentialsListCommand),
  );
  deviceCommand(credentials, 'delete', 'delete one, by the id "credentials list" prints (needs the PIN)', { pin: true })
    .argument('<id>', 'the credential id (base64url)')
    .action(action(async () => (await import('../commands/credentialsDeleteCommand.js')).credentialsDeleteCommand));

  deviceCommand(program, 'reset', 'delete every credential and the PIN (only within 10 s of plugging the key in, with a touch)')
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .action(action(async () => (await import('../commands/resetCommand.js')).resetCommand as CommandBody<CommonOptions>));

  deviceCommand(program, 'wink', 'make the key blink, to see which one it is').action(
    action(async () => (await import('../commands/winkCommand.js')).winkCommand),
  );

  // The registry commands: the account's session, and the key for the second factor and sudo mode when asked.
  const registryCommand = (parent: Command, name: string, description: string) =>
    deviceCommand(parent, name, description, { pin: true, pinHelp: 'read the PIN, if the key wants one, from the line after the password and TOTP code' })
      .addOption(new Option('--registry <url>', "the registry's public URL (default: the one you are logged in to)").env('KEYBRIDGE_REGISTRY'))
      .option('--password-stdin', 'read the password, when the registry asks for it, from a line of standard input')
      .option('--totp-stdin', 'give a TOTP code as the second factor, from the line after the password')
      .option('--recovery-code', 'give a recovery code as the second factor (the key is lost): asked for on the terminal')
      .option('--recovery-code-stdin', 'give a recovery code as the second factor, from the line after the password')
      .addHelpText('after', REGISTRY_HELP);
  const registryAction = (load: () => Promise<(version: string) => CommandBody<never>>) =>
    action(async () => (await load())(version()) as CommandBody<CommonOptions>);

  registryCommand(program, 'login', 'log in to a registry: the password, then the second factor (the key or a TOTP code)')
    .option('--user <name>', 'the account (default: the last one logged in to this registry, else asked)')
    .action(registryAction(async () => (await import('../commands/registry/loginCommand.js')).loginCommand));
  registryCommand(program, 'logout', 'end the session on the registry and forget it here').action(
    registryAction(async () => (await import('../commands/registry/logoutCommand.js')).logoutCommand),
  );

  const key = program.command('key').description("the account's security keys on the registry").addHelpText('after', EXIT_STATUS);
  registryCommand(key, 'add', 'register the key with the account (WebAuthn, as a browser would)')
    .requiredOption('--name <name>', 'what to call it in the account, e.g. "desk key"')
    .action(registryAction(async () => (await import('../commands/registry/keyCommands.js')).keyAddCommand));
  registryCommand(key, 'list', "list the account's security keys").action(
    registryAction(async () => (await import('../commands/registry/keyCommands.js')).keyListCommand),
  );
  registryCommand(key, 'remove', 'remove one from the account, by name')
    .argument('<name>', 'its name, as "keybridge key list" shows it')
    .action(registryAction(async () => (await import('../commands/registry/keyCommands.js')).keyRemoveCommand));

  const recoveryCodes = program
    .command('recovery-codes')
    .description("the account's recovery codes: each signs in once in place of the key")
    .addHelpText('after', EXIT_STATUS);
  registryCommand(recoveryCodes, 'generate', 'make eight new recovery codes, printed once (the old ones stop working)').action(
    registryAction(async () => (await import('../commands/registry/recoveryCodesCommand.js')).recoveryCodesGenerateCommand),
  );

  const token = program.command('token').description('API tokens for uploads (twine)').addHelpText('after', EXIT_STATUS);
  const scoped = (command: Command) =>
    command
      .option('--project <name...>', 'only for these projects (repeat it or list several)')
      .option('--expires <duration>', 'valid for this long from now: 30m, 12h, 90d, 2w')
      .option('--cidr <range...>', 'only from these addresses: 203.0.113.0/24, 2001:db8::/32, or one address');
  scoped(registryCommand(token, 'create', 'make an API token; printed once (or written into ~/.pypirc)'))
    .requiredOption('--name <name>', 'its name among your tokens, e.g. "ci"')
    .option('--pypirc', "write it into ~/.pypirc under this registry's section (mode 0600, the rest of the file kept) instead of printing it")
    .action(registryAction(async () => (await import('../commands/registry/tokenCommands.js')).tokenCreateCommand));
  registryCommand(token, 'list', "list the account's tokens (never the tokens themselves)").action(
    registryAction(async () => (await import('../commands/registry/tokenCommands.js')).tokenListCommand),
  );
  registryCommand(token, 'revoke', 'revoke one, by name: it stops working at once')
    .argument('<name>', 'its name, as "keybridge token list" shows it')
    .action(registryAction(async () => (await import('../commands/registry/tokenCommands.js')).tokenRevokeCommand));
  scoped(
    token
      .command('restrict')
      .description('read a token on standard input, write a narrower one on standard output (offline: no registry, no session)')
      .option('--json', 'machine-readable output on stdout ({"token": …})'),
  )
    .addHelpText('after', EXIT_STATUS)
    .action(action(async () => (await import('../commands/registry/tokenCommands.js')).tokenRestrictCommand as CommandBody<CommonOptions>));

  program
    .command('emulator')
    .description('run the software authenticator on UDP (the options of keybridge-emulator; see keybridge emulator --help)')
    .helpOption(false)
    .passThroughOptions()
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[options...]')
    .action(async (emulatorArguments: string[]) => {
      const { emulatorCommand } = await import('../commands/emulatorCommand.js');
      exitCode = await emulatorCommand(emulatorArguments, { stdout: process.stdout, stderr: process.stderr, env: process.env, version: version() });
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help, `help COMMAND` and --version end with commander's exit code 0; anything else (an unknown option, a
    // command group without its subcommand) is a usage error, which commander has already printed.
    return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  return exitCode;
}
