import { describe, expect, it } from 'vitest';
import { EmulatorUsageError } from './EmulatorUsageError.js';
import { parseEmulatorArguments } from './parseEmulatorArguments.js';
import { serveEmulator } from './serveEmulator.js';

// Listening and the two-signal stop are driven through the real bins (keybridge-emulator.test.ts and the CLI's
// keybridgeWithoutKey.test.ts): signals to this test worker would reach vitest's own handlers too.
describe('serveEmulator', () => {
  it('refuses a host that is not loopback without --allow-remote, before building anything', async () => {
    const command = parseEmulatorArguments(['--udp', '0.0.0.0:0', '--state', '/nonexistent/dir/state.json']);
    if (command.action !== 'run') throw new Error('expected run');
    const listeners = process.listenerCount('SIGINT');
    const refused = serveEmulator(command, { running: () => undefined, signalledAgain: () => undefined });
    await expect(refused).rejects.toBeInstanceOf(EmulatorUsageError);
    await expect(refused).rejects.toThrow(/refusing to listen on 0\.0\.0\.0: .*--allow-remote/);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});
