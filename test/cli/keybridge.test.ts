import { CredentialProtectionPolicy } from '@keybridge/ctap';
import { fixedUserPresence } from '@keybridge/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDiscoverableCredentialOverUdp } from './makeDiscoverableCredentialOverUdp.js';
import { runCli, waitForOutput, type CliRun } from './runCli.js';
import { startUdpEmulator, type UdpEmulator } from './startUdpEmulator.js';

// PINs with characters base64url, JSON numbers and addresses never contain, so finding them in output means a leak.
const PIN = 'Pin$1234#';
const NEW_PIN = 'New$5678#';
const WRONG_PIN = 'Wrong$000#';
const CTAPHID_CANCEL = 0x91;

const runs: CliRun[] = [];
async function keybridge(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
  const run = await runCli(args, options);
  runs.push(run);
  return run;
}

/** A failed run's stderr: exactly one line. */
function oneLine(run: CliRun): string {
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines, run.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('keybridge against a UDP emulator', () => {
  const emulators: UdpEmulator[] = [];
  async function emulator(options: Parameters<typeof startUdpEmulator>[0] = {}): Promise<UdpEmulator> {
    const started = await startUdpEmulator(options);
    emulators.push(started);
    return started;
  }
  const portOf = (emulated: UdpEmulator) => Number(emulated.device.split(':').pop());

  afterEach(async () => {
    for (const emulated of emulators.splice(0)) await emulated.close();
    // Every run of every test: no PIN in any output.
    for (const run of runs.splice(0)) {
      for (const secret of [PIN, NEW_PIN, WRONG_PIN]) {
        expect(run.stdout).not.toContain(secret);
        expect(run.stderr).not.toContain(secret);
      }
    }
  });

  it('info --json describes the key: versions, AAGUID, options, PIN state and retries, room left, algorithms, extensions', async () => {
    const key = await emulator({ pin: PIN });
    const run = await keybridge(['info', '--json', '--device', key.device]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const info = JSON.parse(run.stdout);
    expect(info).toMatchObject({
      device: key.device,
      protocol: 'CTAP2',
      versions: expect.arrayContaining(['FIDO_2_0', 'FIDO_2_1', 'U2F_V2']),
      aaguid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      options: { rk: true, clientPin: true, credMgmt: true },
      pin: { supported: true, set: true, retries: 8, powerCycleRequired: false, protocols: [2, 1] },
      remainingDiscoverableCredentials: 100,
      algorithms: [
        { type: 'public-key', alg: -7, name: 'ES256' },
        { type: 'public-key', alg: -8, name: 'EdDSA' },
      ],
      extensions: expect.arrayContaining(['credProtect', 'hmac-secret']),
      transports: ['usb'],
    });
    expect(info.aaguid.replace(/-/g, '')).toBe(Buffer.from(key.authenticator.config.aaguid).toString('hex'));
  });

  it('info in words, taking the device from KEYBRIDGE_DEVICE', async () => {
    const key = await emulator();
    const run = await keybridge(['info'], { env: { KEYBRIDGE_DEVICE: key.device } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^PIN +not set, minimum length 4$/m);
    expect(run.stdout).toMatch(/^Discoverable +room for 100 more credentials$/m);
    expect(run.stdout).toMatch(/^Algorithms +ES256 \(-7\), EdDSA \(-8\)$/m);
    expect(run.stdout).not.toContain('\u001b['); // a pipe gets no colour
  });

  it('pin set, pin retries, pin change; then the new PIN works and the old one does not', async () => {
    const key = await emulator();
    const set = await keybridge(['pin', 'set', '--pin-stdin', '--json', '--device', key.device], { input: `${PIN}\n` });
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ pinSet: true, device: key.device });

    const retries = await keybridge(['pin', 'retries', '--json', '--device', key.device]);
    expect(JSON.parse(retries.stdout)).toEqual({ pinSet: true, pinRetries: 8, powerCycleState: false });

    const again = await keybridge(['pin', 'set', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
    expect(again.code).toBe(1);
    expect(oneLine(again)).toBe('keybridge: A PIN is already set: change it with "keybridge pin change"');

    const change = await keybridge(['pin', 'change', '--pin-stdin', '--device', key.device], { input: `${PIN}\n${NEW_PIN}\n` });
    expect(change.code, change.stderr).toBe(0);
    expect(change.stdout).toBe('PIN changed\n');

    const withNew = await keybridge(['credentials', 'list', '--json', '--device', key.device], { env: { KEYBRIDGE_PIN: NEW_PIN } });
    expect(withNew.code, withNew.stderr).toBe(0);
    const withOld = await keybridge(['credentials', 'list', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
    expect(oneLine(withOld)).toBe('keybridge: Wrong PIN: 7 attempts left');
  });

  it('pin change reads the new PIN from KEYBRIDGE_NEW_PIN', async () => {
    const key = await emulator({ pin: PIN });
    const run = await keybridge(['pin', 'change', '--json', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN, KEYBRIDGE_NEW_PIN: NEW_PIN } });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ pinChanged: true, device: key.device });
  });

  it('pin set refuses a PIN the key would refuse, naming the rule', async () => {
    const key = await emulator();
    const run = await keybridge(['pin', 'set', '--pin-stdin', '--device', key.device], { input: '12\n' });
    expect(run.code).toBe(1);
    expect(oneLine(run)).toBe("keybridge: The PIN does not meet the key's rules: at least 4 characters and at most 63 bytes");
  });

  it('credentials list groups by RP with user name, base64url id and credProtect; credentials delete removes one', async () => {
    const key = await emulator({ pin: PIN });
    const port = portOf(key);
    const aliceId = await makeDiscoverableCredentialOverUdp(port, PIN, { id: 'example.org', name: 'Example' }, { name: 'alice', displayName: 'Alice' });
    const bobId = await makeDiscoverableCredentialOverUdp(
      port,
      PIN,
      { id: 'example.org', name: 'Example' },
      { name: 'bob' },
      CredentialProtectionPolicy.userVerificationRequired,
    );
    const carolId = await makeDiscoverableCredentialOverUdp(port, PIN, { id: 'pypi.test' }, { name: 'carol' });

    const list = await keybridge(['credentials', 'list', '--json', '--pin-stdin', '--device', key.device], { input: `${PIN}\n` });
    expect(list.code, list.stderr).toBe(0);
    const listed = JSON.parse(list.stdout);
    expect(listed.existingCount).toBe(3);
    expect(listed.remainingCount).toBe(97);
    const byRp = Object.fromEntries(listed.rps.map((rp: { rpId: string }) => [rp.rpId, rp]));
    expect(Object.keys(byRp).sort()).toEqual(['example.org', 'pypi.test']);
    expect(byRp['example.org'].rpName).toBe('Example');
    const exampleCredentials = [...byRp['example.org'].credentials].sort((a, b) => a.userName.localeCompare(b.userName));
    expect(exampleCredentials).toEqual([
      {
        credentialId: Buffer.from(aliceId).toString('base64url'),
        userId: Buffer.from('user-alice').toString('base64url'),
        userName: 'alice',
        userDisplayName: 'Alice',
        credProtect: 1,
        credProtectPolicy: 'userVerificationOptional',
      },
      {
        credentialId: Buffer.from(bobId).toString('base64url'),
        userId: Buffer.from('user-bob').toString('base64url'),
        userName: 'bob',
        credProtect: 3,
        credProtectPolicy: 'userVerificationRequired',
      },
    ]);
    expect(byRp['pypi.test'].credentials).toMatchObject([{ credentialId: Buffer.from(carolId).toString('base64url'), userName: 'carol' }]);

    const words = await keybridge(['credentials', 'list', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
    expect(words.stdout).toMatch(/^example\.org \(Example\)$/m);
    expect(words.stdout).toContain(`  alice (Alice)  id ${Buffer.from(aliceId).toString('base64url')}  credProtect userVerificationOptional`);
    expect(words.stdout).toMatch(/^3 discoverable credentials, room for 97 more$/m);

    const bob = Buffer.from(bobId).toString('base64url');
    const deleted = await keybridge(['credentials', 'delete', bob, '--json', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: bob });
    const after = JSON.parse((await keybridge(['credentials', 'list', '--json', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } })).stdout);
    expect(after.existingCount).toBe(2);
    expect(JSON.stringify(after)).not.toContain(bob);

    const again = await keybridge(['credentials', 'delete', bob, '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
    expect(again.code).toBe(1);
    expect(oneLine(again)).toBe('keybridge: No such credential on this key');
  });

  it('credentials list without a PIN on the key says to set one', async () => {
    const key = await emulator();
    const run = await keybridge(['credentials', 'list', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
    expect(run.code).toBe(1);
    expect(oneLine(run)).toBe('keybridge: No PIN is set on this key: set one with "keybridge pin set"');
  });

  it('credentials list on a key with built-in UV and no PIN: UV gives the token; UV that does not match is named', async () => {
    const key = await emulator({ builtInUv: 'approve' });
    const run = await keybridge(['credentials', 'list', '--json', '--device', key.device]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ existingCount: 0 });
    key.authenticator.builtInUv = 'deny';
    const denied = await keybridge(['credentials', 'list', '--device', key.device]);
    expect(denied.code).toBe(1);
    expect(oneLine(denied)).toBe('keybridge: The key did not recognise the user (its own user verification failed): try again');
    // Three tries, as getInfo's preferredPlatformUvAttempts asks.
    expect(key.authenticator.state.uvRetries).toBe(2);
  });

  it('reset --yes wipes the key after the touch, saying "Touch your security key" once per wait', async () => {
    const key = await emulator({ pin: PIN, userPresence: fixedUserPresence('approve', 450) });
    await makeDiscoverableCredentialOverUdp(portOf(key), PIN, { id: 'example.org' }, { name: 'alice' });
    const run = await keybridge(['reset', '--yes', '--json', '--device', key.device]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ reset: true, device: key.device });
    expect(run.stderr).toMatch(/only within 10 seconds of being plugged in/);
    // The emulator sends a keep-alive every 100 ms for 450 ms: the message comes once.
    expect(run.stderr.split('Touch your security key').length - 1).toBe(1);
    expect(key.authenticator.state.credentials).toHaveLength(0);
    expect(key.authenticator.state.pinHash).toBeUndefined();
  });

  it('reset outside the 10-second window explains it; a denied touch and no touch are named', async () => {
    const key = await emulator({ pin: PIN });
    key.authenticator.volatile.poweredUpAt -= 11_000;
    const late = await keybridge(['reset', '--yes', '--device', key.device]);
    expect(late.code).toBe(1);
    expect(late.stderr.trimEnd().split('\n').pop()).toBe(
      'keybridge: Reset refused: a key accepts it only within 10 seconds of being plugged in; unplug it, plug it back in and run "keybridge reset" at once',
    );

    key.authenticator.powerCycle();
    key.authenticator.userPresencePolicy = fixedUserPresence('deny');
    const denied = await keybridge(['reset', '--yes', '--device', key.device]);
    expect(denied.code).toBe(1);
    expect(denied.stderr.trimEnd().split('\n').pop()).toBe('keybridge: The request was denied on the key');
    expect(key.authenticator.state.pinHash).toBeDefined();

    const patient = await emulator({ pin: PIN, userPresence: fixedUserPresence('timeout'), userPresenceTimeoutMs: 300 });
    const untouched = await keybridge(['reset', '--yes', '--device', patient.device]);
    expect(untouched.code).toBe(1);
    expect(untouched.stderr.trimEnd().split('\n').pop()).toBe('keybridge: Nobody touched the security key in time');

    // The same when our own --timeout runs out first, while the key still asks for a touch.
    patient.authenticator.config.userPresenceTimeoutMs = 30_000;
    const impatient = await keybridge(['reset', '--yes', '--timeout', '400', '--device', patient.device]);
    expect(impatient.code).toBe(1);
    expect(impatient.stderr.trimEnd().split('\n').pop()).toBe('keybridge: Nobody touched the security key in time');
  });

  it('reset without --yes off a terminal is a usage error and touches nothing', async () => {
    const key = await emulator({ pin: PIN });
    const run = await keybridge(['reset', '--device', key.device]);
    expect(run.code).toBe(2);
    expect(oneLine(run)).toMatch(/add --yes/);
    expect(key.commands).toEqual([]);
    expect(key.authenticator.state.pinHash).toBeDefined();
  });

  it('wink makes the key wink', async () => {
    const key = await emulator();
    const run = await keybridge(['wink', '--json', '--device', key.device]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ winked: true, device: key.device });
    expect(key.authenticator.winks).toBe(1);
  });

  it('a wrong PIN: "Wrong PIN: 7 attempts left", with the code in --json', async () => {
    const key = await emulator({ pin: PIN });
    const run = await keybridge(['credentials', 'list', '--json', '--pin-stdin', '--device', key.device], { input: `${WRONG_PIN}\n` });
    expect(run.code).toBe(1);
    expect(oneLine(run)).toBe('keybridge: Wrong PIN: 7 attempts left');
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'CTAP2_ERR_PIN_INVALID', message: 'Wrong PIN: 7 attempts left', pinRetries: 7 } });
  });

  it('wrong PINs down to blocked: entry blocked after 3 in a row until a power cycle, then blocked for good after 8', async () => {
    const key = await emulator({ pin: PIN });
    const wrong = () => keybridge(['pin', 'change', '--device', key.device], { env: { KEYBRIDGE_PIN: WRONG_PIN, KEYBRIDGE_NEW_PIN: NEW_PIN } });
    const messages: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let attempt = 0; attempt < (round < 2 ? 3 : 2); attempt++) {
        const run = await wrong();
        expect(run.code).toBe(1);
        messages.push(oneLine(run).replace(/^keybridge: /, ''));
      }
      if (round < 2) {
        // Once PIN entry is blocked even the right PIN is refused until the key is power-cycled.
        const right = await keybridge(['credentials', 'list', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
        expect(oneLine(right)).toBe('keybridge: PIN entry blocked until the key is unplugged and plugged back in');
        key.authenticator.powerCycle();
      }
    }
    expect(messages).toEqual([
      'Wrong PIN: 7 attempts left',
      'Wrong PIN: 6 attempts left',
      'PIN entry blocked until the key is unplugged and plugged back in',
      'Wrong PIN: 4 attempts left',
      'Wrong PIN: 3 attempts left',
      'PIN entry blocked until the key is unplugged and plugged back in',
      'Wrong PIN: 1 attempt left',
      'PIN blocked: the key must be reset',
    ]);
    const right = await keybridge(['credentials', 'list', '--json', '--device', key.device], { env: { KEYBRIDGE_PIN: PIN } });
    expect(JSON.parse(right.stdout).error).toMatchObject({ code: 'CTAP2_ERR_PIN_BLOCKED', message: 'PIN blocked: the key must be reset' });
    const retries = await keybridge(['pin', 'retries', '--device', key.device]);
    expect(retries.stdout).toBe('PIN blocked: the key must be reset\n');
    const info = JSON.parse((await keybridge(['info', '--json', '--device', key.device])).stdout);
    expect(info.pin).toMatchObject({ set: true, retries: 0, blocked: true });
  });

  it('Ctrl-C while the key waits for a touch sends CTAPHID_CANCEL and exits 130; the key is free again', async () => {
    const key = await emulator({ pin: PIN, userPresence: fixedUserPresence('timeout') });
    const run = await keybridge(['reset', '--yes', '--device', key.device], {
      onSpawn: (child, output) => {
        void waitForOutput(output.stderr, 'Touch your security key').then(() => child.kill('SIGINT'));
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe('keybridge: Cancelled');
    expect(key.commands).toContain(CTAPHID_CANCEL);
    expect(key.authenticator.state.pinHash).toBeDefined();
    // Not still busy with the cancelled reset: the next command gets an answer at once.
    const info = await keybridge(['pin', 'retries', '--json', '--device', key.device, '--timeout', '2000']);
    expect(info.code, info.stderr).toBe(0);
  });

  it('a U2F-only key: info says so, PIN commands explain why they cannot work', async () => {
    const key = await emulator({ u2fOnly: true });
    const info = await keybridge(['info', '--json', '--device', key.device]);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ protocol: 'U2F', versions: ['U2F_V2'] });
    const retries = await keybridge(['pin', 'retries', '--device', key.device]);
    expect(retries.code).toBe(1);
    expect(oneLine(retries)).toMatch(/^keybridge: This key speaks only U2F \(CTAP1\)/);
  });
});
