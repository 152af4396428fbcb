// API token verification without a database (what the registry does before its one lookup of the token id), per
// second, next to ONE HMAC-SHA-256 (node:crypto createHmac) over as many bytes as the token string has, in the same
// run, twice: a token seen for the first time (readApiToken: length and base64url checks, V2 macaroon parse, the HMAC
// chain of 3 + one per caveat, caveat decoding; then checkRequestCaveats), and a token used again (ApiTokenReader,
// what the registry runs: one SHA-256 of the string finds the accepted token, then checkRequestCaveats). The token is the kind the registry mints for CI: scoped to one project, with an expiry
// and a source-address range, its caveats in the order createApiToken writes them.
import { createHmac, randomBytes } from 'node:crypto';
import { ApiTokenReader, checkRequestCaveats, deriveTokensKey, mintApiToken, readApiToken } from '../packages/registry/dist/tokens/apiToken.js';
import { pairedRatio, report } from './pairedRatio.js';

/** Operations per timed call: amortizes the `await` pairedRatio puts around every call (both sides alike). */
const batch = 32;

/** What createApiToken puts in a project token with an expiry and source addresses (the user id 7, project id 42). */
function projectTokenCaveats(nowSeconds) {
  return [
    { kind: 'projectNames', names: ['bench-project'] },
    { kind: 'projectIds', ids: ['42'] },
    { kind: 'user', userId: '7' },
    { kind: 'permissions', permissions: ['upload'] },
    { kind: 'expiry', expiresAt: nowSeconds + 90 * 86_400, notBefore: nowSeconds },
    // parseSourceAddresses turns a bare address into a /32; a CI runner's range is a CIDR.
    { kind: 'sourceAddresses', ranges: ['192.0.2.0/24', '203.0.113.7/32'] },
  ];
}

export async function benchTokenVerification() {
  const tokensKey = deriveTokensKey(randomBytes(32));
  const nowSeconds = Math.floor(Date.now() / 1000);
  const token = mintApiToken(tokensKey, { tokenId: randomBytes(16).toString('hex'), caveats: projectTokenCaveats(nowSeconds) });
  const request = { now: nowSeconds, ip: '192.0.2.10', userId: 7, permission: 'upload' };
  // The baseline's key is a root-key-sized secret and its input as long as the token string.
  const hmacKey = randomBytes(32);
  const hmacInput = Buffer.from(token);

  // Every result feeds `sink`, which is checked at the end, so that no call can be dropped as dead code.
  let sink = 0;
  const reader = new ApiTokenReader(tokensKey);
  const verifyWith = (read) => () => {
    const result = read(token);
    checkRequestCaveats(result.caveats, request);
    sink = (sink + result.caveats.length + result.tokenId.charCodeAt(sink & 31)) | 0;
  };
  const verifyFirstUse = verifyWith((text) => readApiToken(text, tokensKey));
  const verifyAgain = verifyWith((text) => reader.read(text));
  const hmacOnce = () => {
    const digest = createHmac('sha256', hmacKey).update(hmacInput).digest();
    sink = (sink + digest[sink & 31]) | 0;
  };
  // Both throw if the token were not accepted.
  verifyFirstUse();
  verifyAgain();

  for (const [label, verify, target] of [
    ['first use: parse, 9 HMACs', verifyFirstUse, undefined],
    ['used again: ApiTokenReader', verifyAgain, 0.15],
  ]) {
    const result = await pairedRatio({
      baseline: () => {
        for (let i = 0; i < batch; i++) hmacOnce();
      },
      subject: () => {
        for (let i = 0; i < batch; i++) verify();
      },
    });
    report(
      `API token verification, no database (${token.length}-char project token, 6 caveats; ${label})`,
      `one HMAC-SHA-256 over ${hmacInput.length} bytes`,
      { ...result, baseline: result.baseline * batch, subject: result.subject * batch },
      target,
    );
  }
  if (sink === 0x7fffffff) console.log('  (sink)'); // practically never true; keeps `sink` observable
}
