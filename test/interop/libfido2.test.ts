import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHarness, type Json } from './runHarness.js';
import type { RunningEmulator } from './startEmulator.js';
import { useEmulator } from './useEmulator.js';

// Yubico's libfido2 as Debian ships it (1.12), with custom UDP I/O functions. The C harness is
// compiled here, into test/.build/ (gitignored), from test/interop/libfido2_udp.c.
const source = fileURLToPath(new URL('./libfido2_udp.c', import.meta.url));
const buildDir = fileURLToPath(new URL('../.build/', import.meta.url));
const binary = `${buildDir}libfido2_udp`;
const PIN = '1234';
const TIMEOUT = 60_000;

const FIDO_OK = 0;
const PIN_INVALID = 0x31;
// fido/err.h: FIDO_ERR_UV_BLOCKED 0x3c, FIDO_ERR_UV_INVALID 0x3f (libfido2 returns CTAP statuses as themselves).
const UV_BLOCKED = 0x3c;
const UV_INVALID = 0x3f;

const run = promisify(execFile);

interface MakeCredLine {
  cmd: 'make-cred';
  result: number;
  fmt: string;
  flags: number;
  sigcount: number;
  type: number;
  verify_mode: 'x5c' | 'self' | 'none';
  verify: number;
}

interface GetAssertLine {
  cmd: 'get-assert';
  label: string;
  result: number;
  count: number;
  verify: number[];
  flags: number[];
  sigcount: number[];
  all_verified: boolean;
  ids_distinct: boolean;
  hmac_secret?: string;
}

async function libfido2(emulator: RunningEmulator, command: string, ...options: string[]): Promise<Json[]> {
  try {
    const { lines } = await runHarness(binary, [emulator.host, String(emulator.port), command, ...options]);
    return lines;
  } catch (error) {
    throw new Error(`${String(error)}\n--- emulator output ---\n${emulator.output()}`);
  }
}

async function single(emulator: RunningEmulator, command: string, ...options: string[]): Promise<Json> {
  const lines = await libfido2(emulator, command, ...options);
  expect(lines).toHaveLength(1);
  return lines[0] ?? null;
}

function byCommand<T>(lines: Json[], cmd: string): T[] {
  return lines.filter((line) => (line as { cmd?: string } | null)?.cmd === cmd) as T[];
}

beforeAll(async () => {
  await mkdir(buildDir, { recursive: true });
  const { stdout: flags } = await run('pkg-config', ['--cflags', '--libs', 'libfido2']);
  await run('cc', ['-std=c11', '-D_POSIX_C_SOURCE=200809L', '-Wall', '-Wextra', '-Werror', '-o', binary, source, ...flags.trim().split(/\s+/)]);
}, TIMEOUT);

describe('libfido2 1.12 over UDP', () => {
  describe('from a fresh authenticator', () => {
    const emulator = useEmulator();

    it('opens the device (CTAPHID INIT + getInfo) and parses getInfo', async () => {
      const info = await single(emulator(), 'info');
      expect(info).toMatchObject({
        result: FIDO_OK,
        is_fido2: true,
        ctaphid_protocol: 2,
        versions: expect.arrayContaining(['U2F_V2', 'FIDO_2_0', 'FIDO_2_1']),
        extensions: expect.arrayContaining(['credProtect', 'hmac-secret']),
        options: { rk: true, up: true, clientPin: false, credMgmt: true, pinUvAuthToken: true },
        protocols: [2, 1],
        algorithms: expect.arrayContaining([-7]),
        aaguid: expect.stringMatching(/^[0-9a-f]{32}$/),
        supports_pin: true,
        has_pin: false,
        supports_credman: true,
        supports_cred_prot: true,
        supports_permissions: true,
      });
      expect((info as { capabilities: number }).capabilities & 0x04).toBe(0x04); // CBOR
    }, TIMEOUT);

    it('sets a PIN, reads 8 retries, then changes the PIN', async () => {
      expect(await single(emulator(), 'set-pin', '--pin', PIN)).toMatchObject({ change: false, result: FIDO_OK });
      expect(await single(emulator(), 'retries')).toMatchObject({ result: FIDO_OK, retries: 8 });
      expect(await single(emulator(), 'info')).toMatchObject({ has_pin: true, options: { clientPin: true } });

      expect(await single(emulator(), 'set-pin', '--pin', '5678', '--old-pin', PIN)).toMatchObject({
        change: true,
        result: FIDO_OK,
      });
      const [withOld] = byCommand<MakeCredLine>(await libfido2(emulator(), 'make-cred', '--pin', PIN), 'make-cred');
      expect(withOld?.result).toBe(PIN_INVALID);
      const [withNew] = byCommand<MakeCredLine>(await libfido2(emulator(), 'make-cred', '--pin', '5678'), 'make-cred');
      expect(withNew).toMatchObject({ result: FIDO_OK, verify: FIDO_OK });
      expect(await single(emulator(), 'retries')).toMatchObject({ retries: 8 });
    }, TIMEOUT);
  });

  describe('with a PIN (--pin)', () => {
    const emulator = useEmulator({ pin: PIN });

    it('makeCredential: packed attestation with x5c passes fido_cred_verify', async () => {
      for (const rk of [[], ['--rk']]) {
        const [made] = byCommand<MakeCredLine>(await libfido2(emulator(), 'make-cred', '--pin', PIN, ...rk), 'make-cred');
        expect(made).toMatchObject({ result: FIDO_OK, fmt: 'packed', type: -7, verify_mode: 'x5c', verify: FIDO_OK });
        expect((made?.flags ?? 0) & 0x45).toBe(0x45); // UP | UV | AT
      }
    }, TIMEOUT);

    it('getAssertion with an allowList: fido_assert_verify passes, UV set, counter grows', async () => {
      const lines = await libfido2(emulator(), 'get-assert', '--pin', PIN);
      const [made] = byCommand<MakeCredLine>(lines, 'make-cred');
      const asserts = byCommand<GetAssertLine>(lines, 'get-assert');
      expect(made?.result).toBe(FIDO_OK);
      expect(asserts).toHaveLength(2);
      for (const line of asserts) {
        expect(line).toMatchObject({ result: FIDO_OK, count: 1, verify: [FIDO_OK], all_verified: true });
        expect((line.flags[0] ?? 0) & 0x05).toBe(0x05); // UP | UV
      }
      const counters = [made?.sigcount ?? -1, ...asserts.map((line) => line.sigcount[0] ?? -1)];
      expect(counters[1]).toBeGreaterThan(counters[0] ?? Infinity);
      expect(counters[2]).toBeGreaterThan(counters[1] ?? Infinity);
    }, TIMEOUT);

    it('discoverable getAssertion returns all 3 resident credentials, each verified', async () => {
      const lines = await libfido2(emulator(), 'get-assert', '--pin', PIN, '--rk', '--count', '3');
      expect(byCommand<MakeCredLine>(lines, 'make-cred').map((line) => line.result)).toEqual([0, 0, 0]);
      for (const line of byCommand<GetAssertLine>(lines, 'get-assert')) {
        expect(line).toMatchObject({ result: FIDO_OK, count: 3, all_verified: true, ids_distinct: true });
      }
    }, TIMEOUT);

    it('hmac-secret: same salt, same 32-byte secret; another salt, another secret', async () => {
      const lines = await libfido2(emulator(), 'get-assert', '--pin', PIN, '--hmac');
      const [salt1, again, salt2] = byCommand<GetAssertLine>(lines, 'get-assert');
      for (const line of [salt1, again, salt2]) expect(line).toMatchObject({ result: FIDO_OK, all_verified: true });
      expect(salt1?.hmac_secret).toMatch(/^[0-9a-f]{64}$/);
      expect(again?.hmac_secret).toBe(salt1?.hmac_secret);
      expect(salt2?.hmac_secret).not.toBe(salt1?.hmac_secret);
    }, TIMEOUT);

    it('EdDSA credentials verify with libfido2', async () => {
      const lines = await libfido2(emulator(), 'get-assert', '--pin', PIN, '--alg', '-8');
      expect(byCommand<MakeCredLine>(lines, 'make-cred')[0]).toMatchObject({ result: FIDO_OK, type: -8, verify: FIDO_OK });
      expect(byCommand<GetAssertLine>(lines, 'get-assert')[0]).toMatchObject({ result: FIDO_OK, all_verified: true });
    }, TIMEOUT);

    it('a wrong PIN is PIN_INVALID and costs one retry; the right PIN restores 8', async () => {
      const lines = await libfido2(emulator(), 'get-assert', '--pin', PIN, '--assert-pin', '9999');
      expect(byCommand<GetAssertLine>(lines, 'get-assert')[0]).toMatchObject({ result: PIN_INVALID });
      expect(await single(emulator(), 'retries')).toMatchObject({ retries: 7 });
      const [made] = byCommand<MakeCredLine>(await libfido2(emulator(), 'make-cred', '--pin', PIN), 'make-cred');
      expect(made?.result).toBe(FIDO_OK);
      expect(await single(emulator(), 'retries')).toMatchObject({ retries: 8 });
    }, TIMEOUT);
  });

  // libfido2 1.12 has no public fido_dev_get_uv_token (fido.h declares none; the function is internal). What it has:
  // fido_dev_has_uv / fido_dev_supports_uv, fido_cbor_info_uv_attempts (preferredPlatformUvAttempts),
  // fido_dev_get_uv_retry_count (getUVRetries), and fido_cred_set_uv / fido_assert_set_uv, with which
  // fido_dev_make_cred / fido_dev_get_assert without a PIN, on a key with uv and pinUvAuthToken, get a token by
  // getPinUvAuthTokenUsingUvWithPermissions (0x06) themselves. UV_INVALID from a make-cred proves that route: the
  // uv option never answers it (CTAP 2.1 §6.1.2 step 11.2).
  describe('built-in UV (--uv approve)', () => {
    const emulator = useEmulator({ uv: 'approve' });

    it('getInfo: uv, pinUvAuthToken, uv_attempts; a credential and its assertions made with built-in UV have UV set', async () => {
      expect(await single(emulator(), 'info')).toMatchObject({
        options: { uv: true, pinUvAuthToken: true, clientPin: false },
        supports_uv: true,
        has_uv: true,
        supports_permissions: true,
        uv_attempts: 3,
      });
      expect(await single(emulator(), 'uv-retries')).toMatchObject({ result: FIDO_OK, retries: 5 });
      const lines = await libfido2(emulator(), 'get-assert', '--uv', '--rk');
      const [made] = byCommand<MakeCredLine>(lines, 'make-cred');
      expect(made).toMatchObject({ result: FIDO_OK, fmt: 'packed', verify: FIDO_OK });
      expect((made?.flags ?? 0) & 0x45).toBe(0x45); // UP | UV | AT
      for (const line of byCommand<GetAssertLine>(lines, 'get-assert')) {
        expect(line).toMatchObject({ result: FIDO_OK, all_verified: true });
        expect((line.flags[0] ?? 0) & 0x05).toBe(0x05);
      }
    }, TIMEOUT);
  });

  describe('built-in UV that never matches (--uv deny --pin)', () => {
    const emulator = useEmulator({ uv: 'deny', pin: PIN });

    // CTAP 2.1 §6.5.5.7.3 steps 7 and 10: UV_INVALID while uvRetries are left, UV_BLOCKED at 0; §6.5.2.2: the
    // correct PIN restores them.
    it('each try costs a UV retry (UV_INVALID) until UV_BLOCKED; the PIN still works and restores uvRetries', async () => {
      for (const [expected, left] of [[UV_INVALID, 4], [UV_INVALID, 3], [UV_INVALID, 2], [UV_INVALID, 1], [UV_BLOCKED, 0], [UV_BLOCKED, 0]]) {
        const [made] = byCommand<MakeCredLine>(await libfido2(emulator(), 'make-cred', '--uv'), 'make-cred');
        expect(made?.result).toBe(expected);
        expect(await single(emulator(), 'uv-retries')).toMatchObject({ result: FIDO_OK, retries: left });
      }
      const [withPin] = byCommand<MakeCredLine>(await libfido2(emulator(), 'make-cred', '--pin', PIN), 'make-cred');
      expect(withPin).toMatchObject({ result: FIDO_OK, verify: FIDO_OK });
      expect(await single(emulator(), 'uv-retries')).toMatchObject({ retries: 5 });
    }, TIMEOUT);
  });

  describe('--attestation self', () => {
    const emulator = useEmulator({ attestation: 'self' });

    it('packed self attestation passes fido_cred_verify_self', async () => {
      const [made] = byCommand<MakeCredLine>(await libfido2(emulator(), 'make-cred'), 'make-cred');
      expect(made).toMatchObject({ result: FIDO_OK, fmt: 'packed', verify_mode: 'self', verify: FIDO_OK });
    }, TIMEOUT);
  });

  describe('--attestation none', () => {
    const emulator = useEmulator({ attestation: 'none' });

    it('makeCredential reports fmt "none" and the credential still asserts', async () => {
      const lines = await libfido2(emulator(), 'get-assert');
      expect(byCommand<MakeCredLine>(lines, 'make-cred')[0]).toMatchObject({ result: FIDO_OK, fmt: 'none' });
      expect(byCommand<GetAssertLine>(lines, 'get-assert')[0]).toMatchObject({ result: FIDO_OK, all_verified: true });
    }, TIMEOUT);
  });
});
