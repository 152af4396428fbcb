import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHarness, type Json } from './runHarness.js';
import { startEmulator, type RunningEmulator } from './startEmulator.js';
import { useEmulator } from './useEmulator.js';

// Yubico's python-fido2 as Debian ships it (0.9.1), driving the emulator's UDP CTAPHID transport.
// The harness verifies signatures and attestations with python-fido2's own classes and raises
// (exit 1) when one does not verify; these tests assert on the facts it reports.
const python = '/usr/bin/python3'; // another python3 comes first on PATH, without fido2
const harness = fileURLToPath(new URL('./fido2_udp.py', import.meta.url));
const PIN = '1234';
const TIMEOUT = 90_000;

const NOT_ALLOWED = 0x30;
const PIN_INVALID = 0x31;
const PIN_AUTH_INVALID = 0x33;
const PIN_AUTH_BLOCKED = 0x34;
const PUAT_REQUIRED = 0x36;
const PIN_POLICY_VIOLATION = 0x37;
const NO_CREDENTIALS = 0x2e;

async function fido2(emulator: RunningEmulator, scenario: string, ...options: string[]): Promise<Json> {
  try {
    const run = await runHarness(python, [harness, emulator.host, String(emulator.port), scenario, ...options]);
    expect(run.lines).toHaveLength(1);
    return run.lines[0] ?? null;
  } catch (error) {
    throw new Error(`${String(error)}\n--- emulator output ---\n${emulator.output()}`);
  }
}

describe('python-fido2 0.9.1 over UDP', () => {
  describe('authenticator with small advertised limits (--max-msg-size 1024 --max-creds-in-list 3)', () => {
    const emulator = useEmulator({ maxMsgSize: 1024, maxCredsInList: 3 });

    // CTAP 2.1 §6.4 (authenticatorGetInfo): maxMsgSize (0x05) and maxCredentialCountInList (0x07) are the
    // authenticator's limits. §8 (Message Encoding): "Authenticators MAY return the CTAP2_ERR_REQUEST_TOO_LARGE
    // error if size exceeds the maximum supported size"; §8.2: CTAP2_ERR_LIMIT_EXCEEDED (0x15) is "limit for
    // number of items exceeded". The names below are python-fido2's own, for the bytes the emulator answered.
    it('enforces the maxMsgSize and maxCredentialCountInList getInfo advertises, with the CTAP 2.1 status codes', async () => {
      const limits = await fido2(emulator(), 'limits');
      expect(limits).toMatchObject({
        max_msg_size: 1024,
        max_creds_in_list: 3,
        allow_list_over: { code: 0x15, name: 'LIMIT_EXCEEDED' },
        allow_list_at_limit: { code: NO_CREDENTIALS, name: 'NO_CREDENTIALS' },
        exclude_list_over: { code: 0x15, name: 'LIMIT_EXCEEDED' },
        exclude_list_at_limit_made: 'packed',
        message_over_status: { code: 0x39, name: 'REQUEST_TOO_LARGE' },
      });
      expect((limits as { message_at_limit_status: { code: number } }).message_at_limit_status.code).not.toBe(0x39);
    }, TIMEOUT);
  });

  describe('built-in user verification (--uv approve)', () => {
    const emulator = useEmulator({ uv: 'approve' });

    // CTAP 2.1 §6.5.5.7.3: getPinUvAuthTokenUsingUvWithPermissions (0x06) "MUST be implemented if the authenticator
    // returns both uv and pinUvAuthToken option IDs set to true"; python-fido2's ClientPin.get_uv_token sends it,
    // get_uv_retries sends getUVRetries (0x07) and reads uvRetries (0x05). Its Fido2Client, with user verification
    // required and no PIN, uses the CTAP 2.0 route instead: the uv option of makeCredential / getAssertion.
    it('ClientPin.get_uv_token gives tokens that makeCredential / getAssertion take; the uv option and Fido2Client verify too', async () => {
      const result = await fido2(emulator(), 'builtin-uv');
      const UP_UV = { up: true, uv: true };
      expect(result).toMatchObject({
        options: { uv: true, pinUvAuthToken: true, clientPin: false },
        preferred_platform_uv_attempts: 3,
        uv_retries: 5,
        uv_token_make_credential: { fmt: 'packed', attestation_verified: true, ...UP_UV },
        uv_token_assertion_flags: UP_UV,
        uv_option_flags: UP_UV,
        client_registration_flags: UP_UV,
        client_assertion_flags: UP_UV,
      });
    }, TIMEOUT);
  });

  describe('built-in user verification that never matches (--uv deny --pin)', () => {
    const emulator = useEmulator({ uv: 'deny', pin: PIN });

    // CTAP 2.1 §6.5.5.7.3 step 10: "If the uvRetries counter is 0, return CTAP2_ERR_UV_BLOCKED. Otherwise, return
    // CTAP2_ERR_UV_INVALID"; step 7 answers UV_BLOCKED before trying once the counter is 0. §6.1.2 step 11.2: with a
    // PIN set, a failed uv option is CTAP2_ERR_PUAT_REQUIRED (python-fido2 0.9.1 names 0x36 PIN_REQUIRED, 0x3C
    // UV_BLOCKD). §6.5.2.2: "Each correct PIN entry resets the pinRetries and the uvRetries counters".
    it('UV_INVALID costs a retry each time until UV_BLOCKED; the uv option wants a token; the PIN restores uvRetries', async () => {
      const UV_INVALID = { code: 0x3f, name: 'UV_INVALID' };
      const UV_BLOCKED = { code: 0x3c, name: 'UV_BLOCKD' };
      expect(await fido2(emulator(), 'builtin-uv-deny', '--pin', PIN)).toMatchObject({
        attempts: [
          { status: UV_INVALID, uv_retries: 4 },
          { status: UV_INVALID, uv_retries: 3 },
          { status: UV_INVALID, uv_retries: 2 },
          { status: UV_INVALID, uv_retries: 1 },
          { status: UV_BLOCKED, uv_retries: 0 },
          { status: UV_BLOCKED, uv_retries: 0 },
        ],
        uv_option_with_pin: { code: PUAT_REQUIRED, name: 'PIN_REQUIRED' },
        uv_retries_after_pin: 5,
        pin_retries_after_pin: 8,
      });
    }, TIMEOUT);
  });

  describe('authenticator without a PIN', () => {
    const emulator = useEmulator();

    it('getInfo advertises CTAP 2.1 and CTAPHID answers INIT and a multi-packet PING', async () => {
      const info = await fido2(emulator(), 'info');
      expect(info).toMatchObject({
        versions: expect.arrayContaining(['U2F_V2', 'FIDO_2_0', 'FIDO_2_1']),
        extensions: expect.arrayContaining(['credProtect', 'hmac-secret', 'credBlob', 'minPinLength']),
        aaguid: expect.stringMatching(/^[0-9a-f]{32}$/),
        options: {
          rk: true,
          up: true,
          clientPin: false,
          pinUvAuthToken: true,
          credMgmt: true,
          makeCredUvNotRqd: true,
        },
        pin_uv_protocols: [2, 1],
        algorithms: expect.arrayContaining([{ alg: -7, type: 'public-key' }]),
        hid: { version: 2, cbor: true, nmsg: false, ping_echo_ok: true },
      });
    }, TIMEOUT);

    it('CTAP1/U2F: register and authenticate verify, status words follow the U2F spec', async () => {
      const u2f = await fido2(emulator(), 'u2f');
      expect(u2f).toMatchObject({
        version: 'U2F_V2',
        public_key_len: 65,
        public_key_uncompressed: true,
        registration_verified: true,
        signatures_verified: true,
        user_presence: [1, 1],
        check_only_status: '6985',
        wrong_app_status: '6a80',
        bad_key_handle_status: '6a80',
      });
      const { counters } = u2f as { counters: number[] };
      expect(counters[1]).toBeGreaterThan(counters[0] ?? Infinity);
    }, TIMEOUT);

    it('makeCredential without PIN: packed attestation verified by fido2.attestation, UV not set', async () => {
      const made = await fido2(emulator(), 'make-credential');
      const expected = {
        fmt: 'packed',
        attestation_verified: true,
        attestation_type: 'BASIC',
        rp_id_hash_ok: true,
        aaguid_matches_info: true,
        alg: -7,
        up: true,
        uv: false,
        at: true,
      };
      expect(made).toMatchObject({ with_pin: false, non_rk: expected, rk: expected });
      expect((made as { non_rk: { x5c_len: number } }).non_rk.x5c_len).toBeGreaterThanOrEqual(1);
    }, TIMEOUT);

    it('EdDSA credentials attest and sign', async () => {
      const made = await fido2(emulator(), 'make-credential', '--alg', '-8');
      expect(made).toMatchObject({ non_rk: { alg: -8, attestation_verified: true }, rk: { alg: -8 } });
      const got = await fido2(emulator(), 'get-assertion', '--alg', '-8');
      expect(got).toMatchObject({ allow_list: [{ signature_verified: true }], discoverable: { returned: 3 } });
    }, TIMEOUT);

    it('getAssertion without PIN: allowList with a decoy, then 3 discoverable credentials', async () => {
      const got = await fido2(emulator(), 'get-assertion');
      expect(got).toMatchObject({
        allow_list: [{ signature_verified: true, credential_id_ok: true, rp_id_hash_ok: true, up: true, uv: false }],
        counters_increase: true,
        discoverable: {
          number_of_credentials: 3,
          returned: 3,
          signatures_verified: true,
          distinct: true,
          most_recent_first: true,
          user_ids_ok: true,
          next_after_last_error: { code: NOT_ALLOWED },
        },
        unknown_rp_error: { code: NO_CREDENTIALS },
      });
    }, TIMEOUT);

    it('hmac-secret without UV: deterministic per salt, 32/64-byte outputs, same through protocols 1 and 2', async () => {
      const hmac = await fido2(emulator(), 'hmac-secret');
      expect(hmac).toMatchObject({
        make_credential_extensions: { 'hmac-secret': true },
        assertion_flags: { ed: true, uv: false },
        output_len_one_salt: 32,
        output_len_two_salts: 64,
        same_salt_same_output: true,
        different_salts_differ: true,
        two_salts_match_singles: true,
        protocol1_matches_protocol2: true,
      });
    }, TIMEOUT);
  });

  describe('authenticator started with --pin', () => {
    const emulator = useEmulator({ pin: PIN });

    it('getInfo reports clientPin set', async () => {
      expect(await fido2(emulator(), 'info')).toMatchObject({ options: { clientPin: true } });
    }, TIMEOUT);

    it('makeCredential with a PIN token sets UV; rk without one is refused, non-rk is not', async () => {
      const made = await fido2(emulator(), 'make-credential', '--pin', PIN);
      expect(made).toMatchObject({
        with_pin: true,
        non_rk: { attestation_verified: true, up: true, uv: true, at: true },
        rk: { attestation_verified: true, up: true, uv: true, at: true },
        rk_without_pin_error: { code: PUAT_REQUIRED },
        non_rk_without_pin: { up: true, uv: false },
      });
    }, TIMEOUT);

    it('getAssertion with PIN: UV flag, counters, getNextAssertion over 3 credentials with user details', async () => {
      const got = await fido2(emulator(), 'get-assertion', '--pin', PIN);
      expect(got).toMatchObject({
        allow_list: [
          { signature_verified: true, up: true, uv: false },
          { signature_verified: true, up: true, uv: true },
        ],
        counters_increase: true,
        discoverable: {
          number_of_credentials: 3,
          returned: 3,
          order: [2, 1, 0],
          user_ids_ok: true,
          next_after_last_error: { code: NOT_ALLOWED },
        },
      });
      // With UV and several accounts the user entity carries more than the id.
      const { users } = (got as { discoverable: { users: { name?: string }[] } }).discoverable;
      expect(users.map((user) => user.name).sort()).toEqual(['disc-0', 'disc-1', 'disc-2']);
    }, TIMEOUT);

    it('hmac-secret with UV gives a different, stable secret (CredRandomWithUV)', async () => {
      const hmac = await fido2(emulator(), 'hmac-secret', '--pin', PIN);
      expect(hmac).toMatchObject({
        same_salt_same_output: true,
        different_salts_differ: true,
        uv_flag_with_pin: true,
        uv_output_stable: true,
        uv_output_differs_from_up_only: true,
      });
    }, TIMEOUT);

    it('credentialManagement: metadata, enumerate, delete; the deleted credential is gone', async () => {
      const cm = await fido2(emulator(), 'cred-mgmt', '--pin', PIN);
      expect(cm).toMatchObject({
        rp_ids_include_ours: true,
        rp_id_hashes_ok: true,
        creds_a: 2,
        creds_a_total_field: 2,
        creds_listed_match_made: true,
        creds_a_after_delete: 1,
        deleted_still_listed: false,
        creds_b: 1,
        assertion_with_deleted_error: { code: NO_CREDENTIALS },
        survivor_signs: true,
      });
      const counts = cm as { existing_before: number; existing_after: number; total_rps: number; rps_listed: number };
      expect(counts.existing_after).toBe(counts.existing_before - 1);
      expect(counts.rps_listed).toBe(counts.total_rps);
    }, TIMEOUT);

    it('Fido2Client + Fido2Server: register and authenticate (allowList and discoverable) with the PIN', async () => {
      const client = await fido2(emulator(), 'client', '--pin', PIN);
      expect(client).toMatchObject({
        registered: true,
        attestation: [{ fmt: 'packed', type: 'BASIC' }],
        registration_flags: { up: true, uv: true, at: true },
        authenticated: true,
        assertion_flags: { up: true, uv: true },
        discoverable_authenticated: true,
        user_handle_ok: true,
      });
    }, TIMEOUT);
  });

  for (const protocol of ['1', '2']) {
    describe(`setPIN / changePIN with PIN/UV auth protocol ${protocol}`, () => {
      const emulator = useEmulator();

      it('sets a PIN (a 3-character one is refused), then refuses a second setPIN', async () => {
        const set = await fido2(emulator(), 'set-pin', '--pin', PIN, '--protocol', protocol);
        expect(set).toMatchObject({
          protocol: Number(protocol),
          client_pin_before: false,
          client_pin_after: true,
          short_pin_error: { code: PIN_POLICY_VIOLATION },
          retries: 8,
          token_len: 32,
          // CTAP 2.1 setPIN step 3 (2.0 authenticators answered NOT_ALLOWED here).
          set_again_error: { code: PIN_AUTH_INVALID },
        });
      }, TIMEOUT);

      it('changes the PIN; the old one is then PIN_INVALID and costs one retry', async () => {
        const changed = await fido2(emulator(), 'change-pin', '--pin', PIN, '--new-pin', '98765', '--protocol', protocol);
        expect(changed).toMatchObject({
          new_token_len: 32,
          old_pin_error: { code: PIN_INVALID },
          retries_after_wrong: 7,
          retries_after_ok: 8,
        });
        expect(await fido2(emulator(), 'client', '--pin', '98765')).toMatchObject({ authenticated: true });
      }, TIMEOUT);
    });
  }

  describe('wrong PINs', () => {
    const emulator = useEmulator({ pin: PIN });

    it('retries go down by one per wrong PIN; the third blocks until power cycle', async () => {
      const wrong = await fido2(emulator(), 'wrong-pin', '--pin', PIN);
      expect(wrong).toMatchObject({
        retries: [8, 7, 6, 5],
        errors: [{ code: PIN_INVALID }, { code: PIN_INVALID }, { code: PIN_AUTH_BLOCKED }],
        correct_pin_after_block_error: { code: PIN_AUTH_BLOCKED },
        retries_final: 5,
      });
      expect((wrong as { power_cycle_state: boolean | null }).power_cycle_state).not.toBe(false);
    }, TIMEOUT);
  });

  for (const [attestation, fmt, type] of [
    ['self', 'packed', 'SELF'],
    ['none', 'none', 'NONE'],
  ] as const) {
    describe(`--attestation ${attestation}`, () => {
      const emulator = useEmulator({ attestation });

      it(`produces fmt "${fmt}" that fido2.attestation accepts as ${type}`, async () => {
        const made = await fido2(emulator(), 'make-credential');
        const expected = { fmt, attestation_verified: true, attestation_type: type, x5c_len: 0 };
        expect(made).toMatchObject({ non_rk: expected, rk: expected });
      }, TIMEOUT);
    });
  }

  describe('--up deny', () => {
    const emulator = useEmulator({ up: 'deny' });

    it('makeCredential fails with OPERATION_DENIED', async () => {
      const run = await runHarness(
        python,
        [harness, emulator().host, String(emulator().port), 'make-credential'],
        { allowFailure: true },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('OPERATION_DENIED');
    }, TIMEOUT);
  });

  describe('--state FILE', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'keybridge-interop-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps the PIN and resident credentials across a restart', async () => {
      const state = join(dir, 'state.json');
      const first = await startEmulator({ state });
      try {
        await fido2(first, 'set-pin', '--pin', PIN);
        await fido2(first, 'client', '--pin', PIN);
      } finally {
        await first.stop();
      }
      const second = await startEmulator({ state });
      try {
        expect(await fido2(second, 'info')).toMatchObject({ options: { clientPin: true } });
        // The discoverable credential that `client` made for example.org before the restart is still there.
        const client = await fido2(second, 'client', '--pin', PIN);
        expect((client as { discoverable_count: number }).discoverable_count).toBeGreaterThanOrEqual(2);
      } finally {
        await second.stop();
      }
    }, TIMEOUT);
  });
});
