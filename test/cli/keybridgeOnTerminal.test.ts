import { afterEach, describe, expect, it } from 'vitest';
import { runCliOnTerminal } from './runCliOnTerminal.js';
import { startUdpEmulator, type UdpEmulator } from './startUdpEmulator.js';

const PIN = 'Pin$1234#';
const NEW_PIN = 'New$5678#';

describe('keybridge on a terminal', () => {
  const emulators: UdpEmulator[] = [];
  afterEach(async () => {
    for (const emulated of emulators.splice(0)) await emulated.close();
  });
  async function emulator(pin?: string): Promise<UdpEmulator> {
    const started = await startUdpEmulator(pin === undefined ? {} : { pin });
    emulators.push(started);
    return started;
  }

  it('asks for the PIN without echoing it', async () => {
    const key = await emulator(PIN);
    const terminal = runCliOnTerminal(['credentials', 'list', '--device', key.device]);
    await terminal.waitFor('PIN of the security key');
    terminal.type(`${PIN}\r`);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('No discoverable credentials, room for 100 more');
    expect(terminal.screen()).not.toContain(PIN);
  });

  it('pin set asks twice, without echo', async () => {
    const key = await emulator();
    const terminal = runCliOnTerminal(['pin', 'set', '--device', key.device]);
    await terminal.waitFor('New PIN');
    terminal.type(`${NEW_PIN}\r`);
    await terminal.waitFor('The new PIN again');
    terminal.type(`${NEW_PIN}\r`);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen()).toContain('PIN set');
    expect(terminal.screen()).not.toContain(NEW_PIN);
    expect(key.authenticator.state.pinHash).toBeDefined();
  });

  it('Ctrl-C at the PIN prompt exits 130 and sends nothing to the key', async () => {
    const key = await emulator(PIN);
    const terminal = runCliOnTerminal(['credentials', 'list', '--device', key.device]);
    await terminal.waitFor('PIN of the security key');
    const commandsBefore = key.commands.length;
    terminal.type('\u0003');
    expect(await terminal.exited).toBe(130);
    // The last line (after the prompt library shows the cursor again): the cancellation in words.
    expect(terminal.screen().trimEnd().split('\n').pop()).toMatch(/(^|\u001b\[\?25h)keybridge: Cancelled$/);
    expect(key.commands.length).toBe(commandsBefore);
    expect(key.authenticator.state.pinRetries).toBe(8);
  });

  it('reset asks for confirmation: "no" changes nothing, "yes" resets', async () => {
    const key = await emulator(PIN);
    const declined = runCliOnTerminal(['reset', '--device', key.device]);
    await declined.waitFor('Delete every credential and the PIN');
    declined.type('n\r');
    expect(await declined.exited).toBe(1);
    expect(declined.screen()).toContain('within 10 seconds of being plugged in');
    expect(declined.screen()).toContain('keybridge: Nothing was reset');
    expect(key.authenticator.state.pinHash).toBeDefined();

    const confirmed = runCliOnTerminal(['reset', '--device', key.device]);
    await confirmed.waitFor('Delete every credential and the PIN');
    confirmed.type('y\r');
    expect(await confirmed.exited).toBe(0);
    expect(confirmed.screen()).toContain('Touch your security key');
    expect(key.authenticator.state.pinHash).toBeUndefined();
  });
});
