import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeMacaroonV2 } from '../../packages/registry/src/tokens/macaroonV2.js';
import { sdistOf } from '../registry/distributions.js';
import { basicAuth, postUpload, twineBody } from '../registry/uploadRequests.js';
import { accountPassword, failureLine, startCliRegistry } from './startCliRegistry.js';

/** The caveat ids pymacaroons (Debian's python3-pymacaroons) reads from a kbr- token; the token goes on stdin only. */
function pymacaroonsCaveats(token: string): Promise<string[]> {
  const script = 'import json, sys\nfrom pymacaroons import Macaroon\nm = Macaroon.deserialize(sys.stdin.read().strip()[4:])\nprint(json.dumps([c.caveat_id_bytes.decode() for c in m.caveats]))';
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', ['-c', script], { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(stdout) as string[]) : reject(new Error(`pymacaroons exited ${code}: ${stderr}`))));
    child.stdin.end(token);
  });
}

describe('keybridge token restrict', () => {
  it('narrows a token offline to a project, a lifetime and an address range: the registry takes it there only, and pymacaroons reads it', async () => {
    const { keybridge, registry } = await startCliRegistry();
    expect((await keybridge(['login', '--user', 'alice'], { env: { KEYBRIDGE_PASSWORD: accountPassword } })).code).toBe(0);
    const created = await keybridge(['token', 'create', '--name', 'account']);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();

    // No registry needed: KEYBRIDGE_REGISTRY points nowhere and there is no session in this run's home.
    const restricted = await keybridge(['token', 'restrict', '--project', 'Demo_Pkg', '--expires', '1h', '--cidr', '127.0.0.1', '::1/128'], {
      input: `${token}\n`,
      env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent', KEYBRIDGE_REGISTRY: 'http://127.0.0.1:9' },
    });
    expect(restricted.code, restricted.stderr).toBe(0);
    expect(restricted.stderr).toBe('');
    const narrowed = restricted.stdout.trim();
    expect(narrowed).toMatch(/^kbr-[A-Za-z0-9_-]+$/);

    const nowSeconds = Math.floor(Date.now() / 1000);
    const caveats = await pymacaroonsCaveats(narrowed);
    const [projects, expiry, addresses] = caveats.slice(-3).map((caveat) => JSON.parse(caveat) as unknown[]);
    expect(projects).toEqual([1, ['demo-pkg']]);
    expect(expiry![0]).toBe(0);
    expect(Math.abs((expiry![1] as number) - (nowSeconds + 3600))).toBeLessThan(60);
    expect(addresses).toEqual([100, ['127.0.0.1/32', '::1/128']]);
    // The original's identifier and caveats are kept, the new ones after them (the registry checks the signature below).
    const original = decodeMacaroonV2(Buffer.from(token.slice(4), 'base64url'));
    const decoded = decodeMacaroonV2(Buffer.from(narrowed.slice(4), 'base64url'));
    expect(decoded.identifier).toEqual(original.identifier);
    expect(decoded.caveats.slice(0, original.caveats.length)).toEqual(original.caveats);
    expect(decoded.caveats).toHaveLength(original.caveats.length + 3);

    const upload = (name: string) => postUpload(registry.url, basicAuth('__token__', narrowed), twineBody(sdistOf(name, '1.0')));
    expect((await upload('demo-pkg')).status).toBe(200);
    const elsewhere = await upload('other');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.statusText).toMatch(/token is scoped to project 'demo-pkg', not 'other'/);
  });

  it('refuses to run without a restriction, and refuses what is not a keybridge token, in one line with exit 2', async () => {
    const { keybridge } = await startCliRegistry();
    const nothing = await keybridge(['token', 'restrict'], { input: 'kbr-AAAA\n' });
    expect([nothing.code, failureLine(nothing)]).toEqual([2, 'keybridge: Restrict it how? Give --project, --expires or --cidr']);
    for (const input of ['pypi-AgEIcHlwaS5vcmc\n', 'kbr-AgEIcHlwaS5vcmc\n', '\n']) {
      const refused = await keybridge(['token', 'restrict', '--project', 'x'], { input });
      expect(refused.code).toBe(2);
      expect(failureLine(refused)).toMatch(/^keybridge: (That is not a keybridge API token \(.+\): give the kbr-… token on standard input|keybridge token restrict: no token on line 1 of standard input)$/);
      expect(refused.stdout).toBe('');
    }
    const badRange = await keybridge(['token', 'restrict', '--cidr', '10.0.0.0/33'], { input: 'kbr-x\n' });
    expect([badRange.code, failureLine(badRange)]).toEqual([2, 'keybridge: --cidr wants an IPv4 or IPv6 address or CIDR range (203.0.113.0/24, 2001:db8::/32), not "10.0.0.0/33"']);
  });
});
