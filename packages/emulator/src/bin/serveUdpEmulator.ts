import { createAuthenticator } from '../createAuthenticator.js';
import { isLoopbackHost } from '../transports/isLoopbackHost.js';
import { UdpEmulatorServer, type UdpEmulatorAddress } from '../transports/UdpEmulatorServer.js';
import { EmulatorUsageError } from './EmulatorUsageError.js';
import type { EmulatorCommand } from './parseEmulatorArguments.js';

export interface ServeUdpEmulatorHooks {
  /** The server listens (not called when a signal came first). */
  listening(address: UdpEmulatorAddress): void;
  /** A second SIGINT or SIGTERM while stopping: the user does not want to wait for the pending request. */
  signalledAgain(signal: NodeJS.Signals): void;
}

/**
 * Runs a parsed `run` command of either emulator bin (keybridge-emulator, `keybridge emulator`) until SIGINT or
 * SIGTERM. A host that is not loopback is refused without allowRemote (EmulatorUsageError: an emulator on a network is
 * a key anyone can use). Building the authenticator may write the state file (--pin), and the first signal waits for
 * that, then closes the server (the pending request and its state write finish); a second signal goes to the hooks.
 * Resolves once stopped; rejects when the authenticator or the server cannot start.
 */
export async function serveUdpEmulator(command: Extract<EmulatorCommand, { action: 'run' }>, hooks: ServeUdpEmulatorHooks): Promise<void> {
  const { authenticator: authenticatorOptions, host, port, allowRemote, replyPort } = command;
  if (!isLoopbackHost(host) && !allowRemote) {
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
  let server: UdpEmulatorServer | undefined;
  try {
    const authenticator = await createAuthenticator(authenticatorOptions);
    server = new UdpEmulatorServer(authenticator, { host, port, allowRemote, ...(replyPort === undefined ? {} : { replyPort }) });
    const address = await server.start();
    if (!stopping) hooks.listening(address);
    await signalled;
    await server.close();
  } catch (error) {
    await server?.close().catch(() => undefined);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
