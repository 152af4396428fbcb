import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootLinuxGuest, qemuInstalled, type GuestRun } from './bootLinuxGuest.js';
import type { CancelOnKeepaliveRun } from './guest/cancelOnKeepalive.js';
import type { ManagedCredentials } from './guest/manageCredentials.js';
import type { U2fRun } from './guest/registerAndAuthenticateU2f.js';
import { transpileTestModules } from './transpileTestModules.mjs';

// The emulator as a kernel HID device (--uhid), used by other people's FIDO clients and ours through the kernel's
// hidraw, in a QEMU guest running Debian's kernel (this machine's kernel has no uhid). One boot serves every test.
const repository = fileURLToPath(new URL('../../', import.meta.url));
const PIN = '1234';
const RP_ID = 'uhid.keybridge.test';
const USB_ID = '1209:beef';
// Under TCG on a loaded 2-core machine each Node start in the guest takes seconds: the guest gets minutes.
const GUEST_TIMEOUT_MS = 300_000;

if (!qemuInstalled() && process.env.CI === 'true') {
  throw new Error('CI=true, but qemu-system-x86_64 is missing: run scripts/install-debian-packages.sh');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** What test/uhid/guest/hidClientScenario.ts prints (bytes as hex). */
interface ClientRun {
  keys: { path: string; vendorId: number; productId: number; product?: string }[];
  versions: string[];
  clientPinBefore: boolean;
  clientPinAfter: boolean;
  pinRetries: number;
  fmt: string;
  credentialId: string;
  publicKey: string;
  assertion: { credentialId: string; authData: string; signature: string; clientDataHash: string };
  credentialManagement: ManagedCredentials;
  u2f: U2fRun;
  cancel: CancelOnKeepaliveRun;
}

/** What one guest command printed, between the guest script's @@begin / @@end markers, and its exit status. */
interface Section {
  output: string;
  status: number;
}

function sectionsOf(console: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  const pattern = /^@@begin (\S+)\r?\n([\s\S]*?)^@@end \1 (\d+)\r?$/gm;
  for (const match of console.matchAll(pattern)) sections.set(match[1]!, { output: match[2]!.replace(/\r\n/g, '\n'), status: Number(match[3]) });
  return sections;
}

function guestScript(clientProgram: string): string {
  const node = process.execPath;
  return `set -u
cd ${repository}
section() { name=$1; shift; echo "@@begin $name"; "$@" 2>&1; echo "@@end $name $?"; }
${node} packages/emulator/bin/keybridge-emulator.js --uhid --usb-id ${USB_ID} >/run/emulator.out 2>&1 &
emulator=$!
waited=0
while ! grep -q hidraw /run/emulator.out && kill -0 $emulator 2>/dev/null && [ $waited -lt 1800 ]; do sleep 0.1; waited=$((waited + 1)); done
section emulator cat /run/emulator.out
hidraw=$(grep -o '/dev/hidraw[0-9]*' /run/emulator.out)
section fido2-token-L fido2-token -L
# The emulator has no PIN: the client sets it, and everything after uses it.
section client ${node} ${clientProgram} ${PIN} ${RP_ID}
section fido2-token-I fido2-token -I "$hidraw"
section keybridge-devices ${node} packages/cli/bin/keybridge.js devices --json
section keybridge-info ${node} packages/cli/bin/keybridge.js info --json
random() { head -c "$1" /dev/urandom | base64; }
printf '%s\n' "$(random 32)" ${RP_ID} guest "$(random 16)" >/run/cred_param
section fido2-cred-M sh -c 'echo ${PIN} | fido2-cred -M -v -i /run/cred_param -o /run/cred "$0" es256 && cat /run/cred' "$hidraw"
section fido2-cred-V sh -c 'fido2-cred -V -v -i /run/cred -o /run/cred_key es256 && cat /run/cred_key'
printf '%s\n' "$(random 32)" ${RP_ID} "$(sed -n 5p /run/cred)" >/run/assert_param
section fido2-assert-G sh -c 'echo ${PIN} | fido2-assert -G -v -i /run/assert_param -o /run/assert "$0" && cat /run/assert' "$hidraw"
section fido2-assert-V fido2-assert -V -p -v -i /run/assert /run/cred_key es256
{ random 32; sed 1d /run/assert; } >/run/assert_other_hash
section fido2-assert-V-other-hash fido2-assert -V -p -v -i /run/assert_other_hash /run/cred_key es256
echo 'signed in a QEMU guest' >/run/message
for type in ecdsa-sk ed25519-sk; do
  section ssh-keygen-$type ssh-keygen -q -t $type -N '' -C guest -f /run/id_$type
  echo "guest $(cat /run/id_$type.pub)" >/run/allowed_$type
  section ssh-sign-$type ssh-keygen -q -Y sign -f /run/id_$type -n file /run/message
  section ssh-verify-$type sh -c "ssh-keygen -Y verify -f /run/allowed_$type -I guest -n file -s /run/message.sig </run/message && mv /run/message.sig /run/message.$type.sig"
done
echo "@@begin emulator-stop"; kill -TERM $emulator; wait $emulator; echo "@@end emulator-stop $?"
section hidraw-after-stop ls /sys/class/hidraw
`;
}

describe.runIf(qemuInstalled())('the emulator as a kernel HID device (--uhid), in a QEMU guest', () => {
  let guest: GuestRun;
  let sections: Map<string, Section>;
  const section = (name: string): Section => {
    const found = sections.get(name);
    if (!found) throw new Error(`the guest printed no section ${name}; its console:\n${guest.console}`);
    return found;
  };

  beforeAll(async () => {
    const [clientProgram] = await transpileTestModules([new URL('./guest/hidClientScenario.ts', import.meta.url)]);
    guest = await bootLinuxGuest(guestScript(clientProgram!), { timeoutMs: GUEST_TIMEOUT_MS });
    sections = sectionsOf(guest.console);
    console.log(`uhid guest: booted, ran its clients and powered off in ${guest.durationMs} ms`);
    if (guest.exitStatus === undefined) throw new Error(`the guest did not finish its script; its console:\n${guest.console}`);
  }, GUEST_TIMEOUT_MS + 120_000);

  it('prints the hidraw node it got', () => {
    expect(section('emulator').output).toMatch(/^keybridge-emulator: HID security key at \/dev\/hidraw\d+ \(uhid, USB id 1209:beef\)\n$/);
  });

  it('is listed by libfido2 (fido2-token -L) with its USB id', () => {
    const hidraw = /\/dev\/hidraw\d+/.exec(section('emulator').output)![0];
    const { output, status } = section('fido2-token-L');
    expect(status).toBe(0);
    expect(output).toContain(`${hidraw}: vendor=0x1209, product=0xbeef`);
  });

  it('answers libfido2 getInfo (fido2-token -I) after the client set the PIN: CTAP 2.1, a PIN set, 8 retries', () => {
    const { output, status } = section('fido2-token-I');
    expect(status).toBe(0);
    expect(output).toMatch(/^version strings: U2F_V2, FIDO_2_0, FIDO_2_1$/m);
    expect(output).toMatch(/^options: .*\bclientPin\b/m);
    expect(output).toMatch(/^pin retries: 8$/m);
  });

  describe("the project's client through node-hid", () => {
    let client: ClientRun;
    beforeAll(() => {
      const { output, status } = section('client');
      if (status !== 0) throw new Error(`the guest's client program failed (${status}):\n${output}`);
      client = JSON.parse(output) as ClientRun;
    });

    it('finds the key by usage page 0xF1D0, and sets its first PIN (setPIN)', () => {
      expect(client.keys).toEqual([expect.objectContaining({ vendorId: 0x1209, productId: 0xbeef, product: 'Keybridge Emulator' })]);
      expect(client.keys[0]!.path).toMatch(/^\/dev\/hidraw\d+$/);
      expect(client.versions).toContain('FIDO_2_1');
      expect([client.clientPinBefore, client.clientPinAfter, client.pinRetries]).toEqual([false, true, 8]);
    });

    it('makes a discoverable credential and an assertion with the PIN, which verifies (and not once altered)', () => {
      expect(client.fmt).toBe('packed');
      const { assertion } = client;
      expect(assertion.credentialId).toBe(client.credentialId);
      const authData = Buffer.from(assertion.authData, 'hex');
      expect(authData.subarray(0, 32)).toEqual(sha256(RP_ID));
      expect(authData[32]! & 0x05).toBe(0x05); // UP and UV: the PIN token counts as user verification
      const publicKey = createPublicKey({ key: Buffer.from(client.publicKey, 'hex'), format: 'der', type: 'spki' });
      const signed = Buffer.concat([authData, Buffer.from(assertion.clientDataHash, 'hex')]);
      expect(verify('sha256', signed, publicKey, Buffer.from(assertion.signature, 'hex'))).toBe(true);
      signed[signed.length - 1]! ^= 1;
      expect(verify('sha256', signed, publicKey, Buffer.from(assertion.signature, 'hex'))).toBe(false);
    });

    it('enumerates the RPs and their credentials, and deletes one (credential management)', () => {
      const managed = client.credentialManagement;
      const otherRpId = `other.${RP_ID}`;
      expect(managed.rpIdsBefore).toEqual([otherRpId, RP_ID]);
      expect(managed.countBefore).toBe(2);
      expect(managed.credentialsByRp).toEqual({
        [RP_ID]: [{ user: 'guest', credentialId: client.credentialId }],
        [otherRpId]: [{ user: 'other', credentialId: managed.deleted }],
      });
      expect(managed.rpIdsAfter).toEqual([RP_ID]);
      expect(managed.countAfter).toBe(1);
    });

    it('registers and authenticates over U2F (CTAP1, CTAPHID_MSG), with signatures that verify here and in the client', () => {
      const { u2f } = client;
      expect(u2f.version).toBe('U2F_V2');
      const bytes = (text: string) => Buffer.from(text, 'hex');
      const { registration, authentication } = u2f;
      const certificate = new X509Certificate(bytes(registration.attestationCertificate));
      const registered = Buffer.concat([Buffer.of(0), bytes(u2f.application), bytes(registration.challenge), bytes(registration.keyHandle), bytes(registration.userPublicKey)]);
      expect(verify('sha256', registered, certificate.publicKey, bytes(registration.signature))).toBe(true);
      const userKey = bytes(registration.userPublicKey);
      const userPublicKey = createPublicKey({
        key: { kty: 'EC', crv: 'P-256', x: userKey.subarray(1, 33).toString('base64url'), y: userKey.subarray(33).toString('base64url') },
        format: 'jwk',
      });
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(authentication.counter);
      const authenticated = Buffer.concat([bytes(u2f.application), Buffer.of(authentication.userPresence), counter, bytes(authentication.challenge)]);
      expect(authentication.userPresence & 0x01).toBe(1);
      expect(verify('sha256', authenticated, userPublicKey, bytes(authentication.signature))).toBe(true);
      authenticated[0]! ^= 1;
      expect(verify('sha256', authenticated, userPublicKey, bytes(authentication.signature))).toBe(false);
      expect(u2f.clientVerified).toEqual({ registration: true, authentication: true });
      expect(u2f.keyHandleKnown).toEqual({ ownApplication: true, otherApplication: false });
    });

    // The second key's user never touches it; the client's cancel grace is 20 s, so an end well within it came from
    // the device answering the CANCEL.
    it('cancels a request waiting for a touch on the first keep-alive: the key answers KEEPALIVE_CANCEL (0x2D) at once', () => {
      const { cancel } = client;
      expect(cancel.keysWhileThere).toBe(2);
      expect(cancel.keepalives).toContain(2); // UPNEEDED
      expect(cancel.errorCode).toBe('CANCELLED');
      // getInfo (Ctap2Session.open), the cancelled makeCredential, getInfo again: on the same channel, no resync.
      expect(cancel.cborStatuses).toEqual([0x00, 0x2d, 0x00]);
      expect(cancel.channelIds[1]).toBe(cancel.channelIds[0]);
      expect(cancel.endedAfterMs).toBeGreaterThanOrEqual(0);
      expect(cancel.endedAfterMs).toBeLessThan(5000);
      expect(cancel.keysAfter).toBe(1);
    });
  });

  // One run of each: every Node start costs the guest seconds under TCG.
  it('is found by the CLI without --device: keybridge devices --json lists it, keybridge info --json reads it', () => {
    const hidraw = /\/dev\/hidraw\d+/.exec(section('emulator').output)![0];
    const devices = section('keybridge-devices');
    expect(devices.status, devices.output).toBe(0);
    expect(JSON.parse(devices.output)).toEqual([expect.objectContaining({ device: `hid:${hidraw}`, vendorId: 0x1209, productId: 0xbeef, product: 'Keybridge Emulator' })]);
    const info = section('keybridge-info');
    expect(info.status, info.output).toBe(0);
    const described = JSON.parse(info.output) as { device: string; versions: string[]; pin: { set: boolean; retries: number } };
    expect(described.device).toBe(`hid:${hidraw}`);
    expect(described.versions).toContain('FIDO_2_1');
    expect(described.pin).toMatchObject({ set: true, retries: 8 });
  });

  it('makes a credential with libfido2 (fido2-cred -M with the PIN) whose packed attestation fido2-cred -V verifies', () => {
    const made = section('fido2-cred-M');
    expect(made.status, made.output).toBe(0);
    const lines = made.output.trim().split('\n');
    expect(lines.slice(1, 3)).toEqual([RP_ID, 'packed']);
    const verified = section('fido2-cred-V');
    expect(verified.status, verified.output).toBe(0);
    // -o writes the credential id, then its public key.
    const [credentialId, ...key] = verified.output.trim().split('\n');
    expect(credentialId).toBe(lines[4]);
    expect(key.join('\n')).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);
  });

  it('makes an assertion with libfido2 (fido2-assert -G with the PIN) that verifies with UP and UV, and not for another client data hash', () => {
    const got = section('fido2-assert-G');
    expect(got.status, got.output).toBe(0);
    expect(got.output.trim().split('\n')[1]).toBe(RP_ID);
    expect(section('fido2-assert-V')).toEqual({ output: '', status: 0 });
    expect(section('fido2-assert-V-other-hash').status).not.toBe(0);
  });

  it.each(['ecdsa-sk', 'ed25519-sk'])('holds an OpenSSH %s key (ssh-keygen) whose signature (-Y sign) verifies (-Y verify)', (type) => {
    const made = section(`ssh-keygen-${type}`);
    expect(made.status, made.output).toBe(0);
    expect(section(`ssh-sign-${type}`).status).toBe(0);
    const verified = section(`ssh-verify-${type}`);
    expect(verified.status, verified.output).toBe(0);
    expect(verified.output).toContain(`Good "file" signature for guest with ${type === 'ecdsa-sk' ? 'ECDSA-SK' : 'ED25519-SK'} key`);
  });

  it('exits 0 on SIGTERM and the kernel device is gone', () => {
    expect(section('emulator-stop').status).toBe(0);
    expect(section('hidraw-after-stop')).toEqual({ output: '', status: 0 });
  });
});
