import { isLoopbackHost } from '../transports/isLoopbackHost.js';
import { EmulatorUsageError } from './EmulatorUsageError.js';
import { startEmulator, type EmulatorRunCommand, type RunningEmulator } from './startEmulator.js';

export interface ServeEmulatorHooks {
  /** The emulator runs (not called when a signal came first). */
  running(emulator: RunningEmulator): void;
  /** A second SIGINT or SIGTERM while stopping: the user does not want to wait for the pending request. */
  signalledAgain(signal: NodeJS.Signals): void;
}

/**
 * Runs a parsed `run` command of either emulator bin (keybridge-emulator, `keybridge emulator`) until SIGINT or
 * SIGTERM, on UDP or as a kernel HID device (--uhid). A UDP host that is not loopback is refused without allowRemote
 * (EmulatorUsageError: an emulator on a network is a key anyone can use). Building the authenticator may write the
 * state file (--pin), and the first signal waits for that, then stops the transport (the pending request and its state
 * write finish); a second signal goes to the hooks. Resolves once stopped; rejects when the emulator cannot start.
 */
export async function serveEmulator(command: EmulatorRunCommand, hooks: ServeEmulatorHooks): Promise<void> {
  const { host, allowRemote } = command;
  if (!command.uhid && !isLoopbackHost(host) && !allowRemote) {
    throw new EmulatorUsageError(
      `refusing to listen on ${host}: it is not a loopback address, and an emulator on a network is a key anyone can use (--allow-remote to do it anyway)`,
    );
  }
  let stopping = false;
  let firstSignal: () => void = () => undefined;
  const signalled = new Promise<void>((resolve) => {
    firstSignal = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return hooks.signalledAgain(signal);
    stopping = true;
    firstSignal();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const emulator = await startEmulator(command);
    try {
      if (!stopping) hooks.running(emulator);
      await signalled;
    } finally {
      await emulator.close();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
