/*
 * keybridge's API tokens against pymacaroons 0.13 (Debian's python3-pymacaroons, what PyPI's own tooling narrows
 * tokens with): our V2 binary codec and signature chain against macaroons pymacaroons makes, pymacaroons' Verifier
 * against tokens we mint, and a running registry against tokens that pymacaroons narrowed with PyPI's caveat encoding.
 * pymacaroons runs as test/interop/pymacaroons_peer.py; tokens and keys go to it on stdin only, never argv or logs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import type { RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import { apiTokenRootKey, mintApiToken, readApiToken } from '../../packages/registry/src/tokens/apiToken.js';
import { decodeMacaroonV2, encodeMacaroonV2, hasValidSignature, macaroonSignature } from '../../packages/registry/src/tokens/macaroonV2.js';
import { encodeCaveat, type TokenCaveat } from '../../packages/registry/src/tokens/tokenCaveats.js';
import { TokenRefusedError } from '../../packages/registry/src/tokens/TokenRefusedError.js';
import { createDatabaseForThisTest } from '../registry/createDatabaseForThisTest.js';
import { sdistOf } from '../registry/distributions.js';
import { startRegistryForThisTest } from '../registry/startRegistryForThisTest.js';
import { testDatabases } from '../registry/testDatabases.js';
import { mintToken, revokeToken, signUp } from '../registry/tokenAccounts.js';
import { basicAuth, postUpload, twineBody, type UploadAnswer } from '../registry/uploadRequests.js';

const python = '/usr/bin/python3'; // Debian's: the python3 first on PATH has no pymacaroons
const peer = fileURLToPath(new URL('./pymacaroons_peer.py', import.meta.url));

/** Runs the peer's `command` with `request` as JSON on stdin; its JSON answer. Its stdout (tokens) is never put in an error. */
function pymacaroons<T>(command: 'make' | 'verify' | 'narrow', request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [peer, command], { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`pymacaroons_peer.py ${command} exited ${code}:\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        reject(new Error(`pymacaroons_peer.py ${command} wrote no JSON (${stdout.length} characters)`));
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}

interface ThirdPartyCaveat {
  location: string;
  key: string;
  id: string;
  nonce: string;
}
interface MacaroonSpec {
  name: string;
  key: Buffer;
  identifier: Buffer;
  location: string;
  caveats: Array<string | ThirdPartyCaveat>;
}

const makeMacaroons = (specs: readonly MacaroonSpec[]) =>
  pymacaroons<Array<{ serialized: string; signature: string }>>(
    'make',
    specs.map((spec) => ({ key: spec.key.toString('hex'), identifier: spec.identifier.toString('hex'), location: spec.location, caveats: spec.caveats })),
  );
const narrowTokens = async (requests: ReadonlyArray<{ token: string; caveats: unknown[] }>): Promise<string[]> => {
  const answers = await pymacaroons<Array<{ macaroon: string }>>(
    'narrow',
    requests.map((request) => ({ macaroon: withoutPrefix(request.token), caveats: request.caveats })),
  );
  return answers.map((answer) => `kbr-${answer.macaroon}`);
};
function withoutPrefix(token: string): string {
  expect(token.startsWith('kbr-')).toBe(true);
  return token.slice(4);
}

const key = Buffer.from(Array.from({ length: 32 }, (_, index) => index));
const keybridgeStyleId = Buffer.from('0123456789abcdef0123456789abcdef');

describe('pymacaroons 0.13 makes V2 macaroons that keybridge reads, re-encodes and verifies', () => {
  const firstPartyOnly: MacaroonSpec[] = [
    { name: 'a location, no caveat', key, identifier: Buffer.from('we used our secret key'), location: 'https://keybridge.example/', caveats: [] },
    { name: 'an empty location, caveats as keybridge writes them', key, identifier: keybridgeStyleId, location: '', caveats: ['[3,"1"]', '[101,["upload"]]'] },
    {
      name: 'several first-party caveats, a binary identifier, UTF-8 and a caveat longer than 127 bytes',
      key: randomBytes(32),
      identifier: Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0x02, 0x06]),
      location: 'http://127.0.0.1:8080',
      caveats: ['account = 3735928559', 'time < 2030-01-01T00:00', '[0,1893456000,1700000000]', 'naïve ✓ ümlaut', `[1,[${Array.from({ length: 30 }, (_, index) => `"project-${index}"`).join(',')}]]`],
    },
  ];
  const withThirdParty: MacaroonSpec = {
    name: 'a third-party caveat between first-party ones',
    key,
    identifier: Buffer.from('tp'),
    location: 'https://keybridge.example/',
    caveats: ['[1,["a"]]', { location: 'https://auth.example/', key: randomBytes(32).toString('hex'), id: 'remind the auth service of its key', nonce: '00'.repeat(24) }, '[3,"7"]'],
  };

  it('first-party caveats: same fields, same bytes again, and our signature chain gives pymacaroons\' signature', async () => {
    const made = await makeMacaroons(firstPartyOnly);
    expect(made).toHaveLength(firstPartyOnly.length);
    for (const [index, spec] of firstPartyOnly.entries()) {
      const { serialized, signature } = made[index]!;
      // pymacaroons writes base64url without padding, as keybridge tokens are.
      expect(serialized, spec.name).toMatch(/^[A-Za-z0-9_-]+$/);
      const bytes = Buffer.from(serialized, 'base64url');
      const decoded = decodeMacaroonV2(bytes);
      expect(decoded.location, spec.name).toBe(spec.location);
      expect(decoded.identifier.equals(spec.identifier), spec.name).toBe(true);
      expect(decoded.caveats.map((caveat) => [caveat.identifier.toString('utf8'), caveat.location, caveat.verificationId]), spec.name).toEqual(
        spec.caveats.map((caveat) => [caveat, null, null]),
      );
      expect(decoded.signature.toString('hex'), spec.name).toBe(signature);
      expect(encodeMacaroonV2(decoded).equals(bytes), spec.name).toBe(true);

      const caveatIds = spec.caveats.map((caveat) => Buffer.from(caveat as string));
      expect(macaroonSignature(spec.key, spec.identifier, caveatIds).toString('hex'), spec.name).toBe(signature);
      expect(hasValidSignature(decoded, spec.key), spec.name).toBe(true);
      const otherKey = Buffer.from(spec.key);
      otherKey[0]! ^= 1;
      expect(hasValidSignature(decoded, otherKey), spec.name).toBe(false);
      if (decoded.caveats.length > 0) expect(hasValidSignature({ ...decoded, caveats: decoded.caveats.slice(0, -1) }, spec.key), spec.name).toBe(false);
    }
  });

  it('matches a known answer pymacaroons 0.13 gave once (empty location field, keybridge-style caveats)', async () => {
    // Generated with pymacaroons 0.13: Macaroon(location='', identifier=b'0123…cdef', key=bytes(range(32)), version=2)
    // plus the first-party caveats '[3,"1"]' and '[101,["upload"]]'. Note the empty location field (01 00) after 02.
    const pinned = 'AgEAAiAwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZgACB1szLCIxIl0AAhBbMTAxLFsidXBsb2FkIl1dAAAGII6WFiwzGEofKUaUWZjAuoFqnHFHy1GFKMZtLPQIdM4v';
    const [live] = await makeMacaroons([firstPartyOnly[1]!]);
    expect(live!.serialized).toBe(pinned);
    const bytes = Buffer.from(pinned, 'base64url');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0x02, 0x01, 0x00]));
    expect(macaroonSignature(key, keybridgeStyleId, [Buffer.from('[3,"1"]'), Buffer.from('[101,["upload"]]')]).toString('hex')).toBe(
      '8e96162c33184a1f2946945998c0ba816a9c7147cb518528c66d2cf40874ce2f',
    );
    expect(encodeMacaroonV2(decodeMacaroonV2(bytes)).equals(bytes)).toBe(true);
  });

  it('a third-party caveat: decoded with its location and vid, re-encoded byte for byte, and refused by hasValidSignature', async () => {
    const [made] = await makeMacaroons([withThirdParty]);
    const bytes = Buffer.from(made!.serialized, 'base64url');
    const decoded = decodeMacaroonV2(bytes);
    expect(decoded.caveats.map((caveat) => [caveat.identifier.toString('utf8'), caveat.location])).toEqual([
      ['[1,["a"]]', null],
      ['remind the auth service of its key', 'https://auth.example/'],
      ['[3,"7"]', null],
    ]);
    // The vid: pymacaroons' SecretBox output, nonce (24) + MAC (16) + the encrypted 32-byte derived key.
    expect(decoded.caveats[1]!.verificationId?.length).toBe(24 + 16 + 32);
    expect(decoded.caveats[1]!.verificationId!.subarray(0, 24)).toEqual(Buffer.alloc(24));
    expect(decoded.signature.toString('hex')).toBe(made!.signature);
    expect(encodeMacaroonV2(decoded).equals(bytes)).toBe(true);
    // The right key, and still refused: nothing in keybridge can discharge a third-party caveat.
    expect(hasValidSignature(decoded, key)).toBe(false);
    // Not only because pymacaroons chains a third-party caveat otherwise: given the signature of the first-party chain
    // over the same identifiers, it is still refused for the vid alone (and accepted once the vid is gone).
    const firstPartyChain = macaroonSignature(key, decoded.identifier, decoded.caveats.map((caveat) => caveat.identifier));
    expect(hasValidSignature({ ...decoded, signature: firstPartyChain }, key)).toBe(false);
    const withoutVid = decoded.caveats.map((caveat) => ({ ...caveat, location: null, verificationId: null }));
    expect(hasValidSignature({ ...decoded, caveats: withoutVid, signature: firstPartyChain }, key)).toBe(true);
  });

  it('a keybridge token made by pymacaroons from the root key is exactly the one mintApiToken makes, and readApiToken accepts it', async () => {
    const tokensKey = randomBytes(32);
    const tokenId = randomBytes(16).toString('hex');
    const caveats: TokenCaveat[] = [
      { kind: 'projectNames', names: ['tinyproject'] },
      { kind: 'projectIds', ids: ['12'] },
      { kind: 'user', userId: '3' },
      { kind: 'permissions', permissions: ['upload'] },
      { kind: 'expiry', expiresAt: 1_900_000_000, notBefore: 1_800_000_000 },
      { kind: 'sourceAddresses', ranges: ['127.0.0.0/8', '::1/128'] },
    ];
    const rootKey = apiTokenRootKey(tokensKey, tokenId);
    const caveatTexts = caveats.map((caveat) => encodeCaveat(caveat).toString('utf8'));
    const [bare, located] = await makeMacaroons([
      { name: 'keybridge token', key: rootKey, identifier: Buffer.from(tokenId), location: '', caveats: caveatTexts },
      { name: 'with a location', key: rootKey, identifier: Buffer.from(tokenId), location: 'https://elsewhere.example/', caveats: caveatTexts },
    ]);
    expect(`kbr-${bare!.serialized}`).toBe(mintApiToken(tokensKey, { tokenId, caveats }));
    expect(readApiToken(`kbr-${bare!.serialized}`, tokensKey)).toEqual({ tokenId, caveats });
    // Signed right, but a location is not covered by the signature: refused.
    expect(() => readApiToken(`kbr-${located!.serialized}`, tokensKey)).toThrow(new TokenRefusedError('malformed', 'token carries a location (keybridge tokens have none)'));
    // Another server's tokens key: not valid.
    expect(() => readApiToken(`kbr-${bare!.serialized}`, randomBytes(32))).toThrow(new TokenRefusedError('invalid', 'token is not valid'));
  });
});

describe("pymacaroons' Verifier verifies tokens minted by mintApiToken", () => {
  const tokensKey = randomBytes(32);
  const tokenId = randomBytes(16).toString('hex');
  const caveats: TokenCaveat[] = [
    { kind: 'user', userId: '42' },
    { kind: 'permissions', permissions: ['upload'] },
    { kind: 'projectNames', names: ['first', 'second-one'] },
    { kind: 'projectIds', ids: ['1', '2'] },
    { kind: 'expiry', expiresAt: 1_900_000_000, notBefore: 1_800_000_000 },
    { kind: 'sourceAddresses', ranges: ['192.0.2.0/24', '2001:db8::/32'] },
  ];
  const token = mintApiToken(tokensKey, { tokenId, caveats });
  const verify = (rootKey: Buffer, accept: number[]) =>
    pymacaroons<{ ok: boolean; error: string | null; seen: string[] }>('verify', { macaroon: withoutPrefix(token), key: rootKey.toString('hex'), accept });

  it('with the root key and a general verifier for our tags, every caveat is seen in compact JSON and the token verifies', async () => {
    const verified = await verify(apiTokenRootKey(tokensKey, tokenId), [0, 1, 2, 3, 100, 101]);
    expect(verified).toEqual({ ok: true, error: null, seen: caveats.map((caveat) => encodeCaveat(caveat).toString('utf8')) });
    expect(verified.seen).toEqual(['[3,"42"]', '[101,["upload"]]', '[1,["first","second-one"]]', '[2,["1","2"]]', '[0,1900000000,1800000000]', '[100,["192.0.2.0/24","2001:db8::/32"]]']);
  });

  it('fails with another root key, and when one caveat is not accepted', async () => {
    expect(await verify(apiTokenRootKey(tokensKey, randomBytes(16).toString('hex')), [0, 1, 2, 3, 100, 101])).toMatchObject({ ok: false, error: 'MacaroonInvalidSignatureException' });
    expect(await verify(apiTokenRootKey(tokensKey, tokenId), [0, 1, 2, 3, 101])).toMatchObject({ ok: false, error: 'MacaroonInvalidSignatureException' });
  });
});

describe.each(testDatabases)('a registry on $kind enforces caveats that pymacaroons added to its tokens', (testDatabase) => {
  async function start() {
    const clock = { now: Date.UTC(2026, 11, 4, 12, 0, 0) };
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), {}, { now: () => clock.now });
    const alice = await signUp(registry.url, 'alice');
    return { registry, clock, alice, nowSeconds: () => Math.floor(clock.now / 1000) };
  }
  const uploadWith = (registry: RunningRegistry, token: string, name: string, version: string) =>
    postUpload(registry.url, basicAuth('__token__', token), twineBody(sdistOf(name, version)));
  const refusal = (registry: RunningRegistry, reason: string) => `Invalid API token: ${reason}. See ${registry.config.publicUrl}/help/#invalid-auth-token for more information.`;
  const statusOf = (answer: UploadAnswer) => [answer.status, answer.statusText];
  const fileNames = async (registry: RunningRegistry) => ((await registry.db('files').select('filename').orderBy('filename')) as Array<{ filename: string }>).map((row) => row.filename);

  it('an expiry [0, exp, nbf] and a project [1, [name]] caveat hold together; the account token is not narrowed', async () => {
    const { registry, clock, alice, nowSeconds } = await start();
    const account = await mintToken(alice, { name: 'account' });
    const issuedAt = nowSeconds();
    const expiresAt = issuedAt + 3600;
    const [narrowed, notYet] = await narrowTokens([
      { token: account.token, caveats: [[0, expiresAt, issuedAt - 60], [1, ['narrowed']]] },
      { token: account.token, caveats: [[0, issuedAt + 7200, issuedAt + 600]] },
    ]);
    expect(narrowed).not.toBe(account.token);
    expect(narrowed!.startsWith(account.token.slice(0, 40))).toBe(true);

    // Inside the window, to the named project (created by this upload: a name caveat may create its project).
    expect(statusOf(await uploadWith(registry, narrowed!, 'narrowed', '1.0'))).toEqual([200, 'OK']);
    // Another project: refused, whether it does not exist yet or exists and alice owns it.
    expect(statusOf(await uploadWith(registry, narrowed!, 'Other', '1.0'))).toEqual([403, refusal(registry, "token is scoped to project 'narrowed', not 'Other'")]);
    expect(await registry.db('projects').where('normalized_name', 'other').first()).toBeUndefined();
    expect(statusOf(await uploadWith(registry, account.token, 'other', '1.0'))).toEqual([200, 'OK']);
    expect(statusOf(await uploadWith(registry, narrowed!, 'other', '2.0'))).toEqual([403, refusal(registry, "token is scoped to project 'narrowed', not 'other'")]);
    // Not yet valid: nbf in the future.
    expect(statusOf(await uploadWith(registry, notYet!, 'narrowed', '1.5'))).toEqual([403, refusal(registry, 'token is not valid yet')]);

    // The last second of the window, then exp itself: refused, while the token it was narrowed from still works.
    clock.now = (expiresAt - 1) * 1000;
    expect(statusOf(await uploadWith(registry, narrowed!, 'narrowed', '2.0'))).toEqual([200, 'OK']);
    clock.now = expiresAt * 1000;
    expect(statusOf(await uploadWith(registry, narrowed!, 'narrowed', '3.0'))).toEqual([403, refusal(registry, 'token expired')]);
    expect(statusOf(await uploadWith(registry, account.token, 'narrowed', '3.0'))).toEqual([200, 'OK']);

    expect(await fileNames(registry)).toEqual(['narrowed-1.0.tar.gz', 'narrowed-2.0.tar.gz', 'narrowed-3.0.tar.gz', 'other-1.0.tar.gz']);
    // Every upload, narrowed or not, is recorded as the one token's.
    const uploads = await listEvents(registry.db, { kind: 'file.uploaded' });
    expect(uploads.map((event) => event.details.tokenId)).toEqual([account.id, account.id, account.id, account.id]);
    // Refusals by a caveat are not bad tokens: the per-address limit counted none.
    expect(await registry.db('rate_limit_buckets').select('bucket_key')).toEqual([]);
  });

  it('refuses a caveat with a tag it does not know, and every caveat must hold: [1, ["a"]] then [1, ["b"]] allows neither', async () => {
    const { registry, alice } = await start();
    const account = await mintToken(alice, { name: 'account' });
    const [unknownTag, both, widened] = await narrowTokens([
      { token: account.token, caveats: [[99, 'x']] },
      { token: account.token, caveats: [[1, ['a']], [1, ['b']]] },
      // A later caveat naming more projects does not widen an earlier one.
      { token: account.token, caveats: [[1, ['a']], [1, ['a', 'b']]] },
    ]);
    expect(statusOf(await uploadWith(registry, unknownTag!, 'a', '1.0'))).toEqual([403, refusal(registry, 'token has a caveat keybridge cannot accept (caveat has unknown tag 99)')]);
    expect(statusOf(await uploadWith(registry, both!, 'a', '1.0'))).toEqual([403, refusal(registry, "token is scoped to project 'b', not 'a'")]);
    expect(statusOf(await uploadWith(registry, both!, 'b', '1.0'))).toEqual([403, refusal(registry, "token is scoped to project 'a', not 'b'")]);
    expect(statusOf(await uploadWith(registry, widened!, 'b', '1.0'))).toEqual([403, refusal(registry, "token is scoped to project 'a', not 'b'")]);
    expect(await registry.db('projects').select('name')).toEqual([]);
    expect(await fileNames(registry)).toEqual([]);
    // The control: the narrowing that does allow 'a' lets it through.
    expect(statusOf(await uploadWith(registry, widened!, 'a', '1.0'))).toEqual([200, 'OK']);
    expect(await fileNames(registry)).toEqual(['a-1.0.tar.gz']);
  });

  it('a narrowed token is revoked with the token it came from, and a narrowed project token stays within its project', async () => {
    const { registry, alice } = await start();
    const account = await mintToken(alice, { name: 'account' });
    expect(statusOf(await uploadWith(registry, account.token, 'first', '1.0'))).toEqual([200, 'OK']);
    expect(statusOf(await uploadWith(registry, account.token, 'second', '1.0'))).toEqual([200, 'OK']);
    const project = await mintToken(alice, { name: 'project', projects: ['first'] });
    // Narrowing a token for 'first' to 'second' by name does not get it past its id caveat.
    const [projectToSecond, accountNarrowed] = await narrowTokens([
      { token: project.token, caveats: [[1, ['second']]] },
      { token: account.token, caveats: [[1, ['first']]] },
    ]);
    expect(statusOf(await uploadWith(registry, projectToSecond!, 'second', '2.0'))).toEqual([403, refusal(registry, "token is scoped to project 'first', not 'second'")]);
    expect(statusOf(await uploadWith(registry, projectToSecond!, 'first', '2.0'))).toEqual([403, refusal(registry, "token is scoped to project 'second', not 'first'")]);
    expect(statusOf(await uploadWith(registry, accountNarrowed!, 'first', '2.0'))).toEqual([200, 'OK']);
    expect((await revokeToken(alice, account.id)).status).toBe(200);
    expect(statusOf(await uploadWith(registry, accountNarrowed!, 'first', '3.0'))).toEqual([403, refusal(registry, 'token was revoked')]);
    expect(await fileNames(registry)).toEqual(['first-1.0.tar.gz', 'first-2.0.tar.gz', 'second-1.0.tar.gz']);
  });
});
