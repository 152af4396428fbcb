import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';
import { freeUdpPort, startUdpEmulator, type UdpEmulator } from './startUdpEmulator.js';

// A firmware simulator (solo, canokey) answers to a fixed port whatever port asked: the emulator does the same with
// its own --reply-port, which is what these runs talk to.
describe('keybridge --reply-port', () => {
  const emulators: UdpEmulator[] = [];
  afterEach(async () => {
    for (const emulated of emulators.splice(0)) await emulated.close();
  });
  async function simulator(): Promise<{ key: UdpEmulator; replyPort: number }> {
    const replyPort = await freeUdpPort();
    const key = await startUdpEmulator({}, { replyPort });
    emulators.push(key);
    return { key, replyPort };
  }

  it('reaches an emulator that answers to a fixed port, from the option or KEYBRIDGE_REPLY_PORT', async () => {
    const { key, replyPort } = await simulator();
    const byOption = await runCli(['info', '--json', '--device', key.device, '--reply-port', String(replyPort)]);
    expect(byOption.code, byOption.stderr).toBe(0);
    expect(JSON.parse(byOption.stdout)).toMatchObject({ device: key.device, protocol: 'CTAP2' });
    const byEnv = await runCli(['wink', '--device', key.device], { env: { KEYBRIDGE_REPLY_PORT: String(replyPort) } });
    expect(byEnv.code, byEnv.stderr).toBe(0);
  });

  it('without it, says in one line that the device never answered INIT and names --reply-port', async () => {
    const { key } = await simulator();
    const run = await runCli(['info', '--json', '--timeout', '300', '--device', key.device]);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^keybridge: ${key.device} did not answer CTAPHID INIT: .*--reply-port 7112`));
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'NO_ANSWER' } });
  });

  it('is a usage error without a udp: device, and refuses a port out of range', async () => {
    const notUdp = await runCli(['info', '--device', 'hid:/dev/hidraw0', '--reply-port', '7112']);
    expect(notUdp.code).toBe(2);
    expect(notUdp.stderr).toMatch(/--reply-port goes with --device udp:HOST:PORT/);
    const outOfRange = await runCli(['info', '--device', 'udp:127.0.0.1:8111', '--reply-port', '70000']);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toMatch(/--reply-port.*wants a UDP port/);
  });
});
