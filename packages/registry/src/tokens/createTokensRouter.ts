import Router from '@koa/router';
import { requireUser } from '../accounts/requireUser.js';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { readJsonBody } from '../http/readJsonBody.js';
import { countHit } from '../rateLimits/fixedWindowCounter.js';
import { requireSudo } from '../twoFactor/sudo/requireSudo.js';
import { createApiToken, tokenIssuerOf } from './createApiToken.js';
import { listApiTokens } from './listApiTokens.js';
import { discloseApiTokens, type DisclosedToken } from './discloseApiTokens.js';
import { revokeApiToken } from './revokeApiToken.js';
import { parseExpiry, parseSourceAddresses, parseTokenName, parseTokenProjects } from './parseTokenFields.js';
import { disclosureLimit, disclosureMaxTokens, tokenLimitWindowMs } from './tokenRules.js';

/**
 * API tokens, JSON under /api/v1/tokens. With a session (and X-CSRF-Token and sudo mode for changes): POST creates one (the answer
 * is the only place the token string ever appears), GET lists the user's tokens, DELETE /:id revokes one. Without
 * one: POST /disclose takes tokens found in public (a list of strings, or of {token, url, source} objects as secret
 * scanners send), revokes the valid ones and always answers 204, limited per address.
 */
export function createTokensRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.post('/api/v1/tokens', async (ctx) => {
    const user = requireSudo(ctx);
    const body = await readJsonBody(ctx);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid_body', 'Expected a JSON object');
    const fields = body as Record<string, unknown>;
    const created = await createApiToken(
      tokenIssuerOf(ctx.state),
      {
        user,
        name: parseTokenName(fields.name),
        projects: parseTokenProjects(fields.projects),
        expiresAt: parseExpiry(fields.expiresAt),
        sourceAddresses: parseSourceAddresses(fields.sourceAddresses),
        ...requestOrigin(ctx),
      },
    );
    ctx.status = 201;
    // The token must not linger in a cache (shared or the browser's) after it has been shown.
    ctx.set('Cache-Control', 'no-store');
    ctx.body = created;
  });

  router.get('/api/v1/tokens', async (ctx) => {
    const user = requireUser(ctx);
    ctx.body = { tokens: await listApiTokens(ctx.state.db, user.id, ctx.state.now()) };
  });

  router.delete('/api/v1/tokens/:id', async (ctx) => {
    const user = requireSudo(ctx);
    const revoked = await revokeApiToken(ctx.state.db, { userId: user.id, tokenId: ctx.params.id ?? '', now: ctx.state.now(), ...requestOrigin(ctx) });
    ctx.body = { ...revoked, outcome: 'revoked' };
  });

  router.post('/api/v1/tokens/disclose', async (ctx) => handleDisclosure(ctx));

  return router;
}

async function handleDisclosure(ctx: RegistryContext): Promise<void> {
  const { db, tokensKey } = ctx.state;
  const now = ctx.state.now();
  const origin = requestOrigin(ctx);
  const count = await countHit(db, `disclose:ip:${(origin.ip ?? 'unknown').slice(0, 200)}`, tokenLimitWindowMs, now);
  if (count.hits > disclosureLimit) {
    throw new HttpError(429, 'rate_limited', `Too many disclosure reports from this address: try again in ${count.retryAfterSeconds} seconds`, {
      'Retry-After': String(count.retryAfterSeconds),
    });
  }
  const body = await readJsonBody(ctx, 1024 * 1024);
  if (!Array.isArray(body) || body.length > disclosureMaxTokens) {
    throw new HttpError(400, 'invalid_body', `Expected a JSON array of at most ${disclosureMaxTokens} tokens (strings or {"token": …} objects)`);
  }
  const disclosed: DisclosedToken[] = [];
  for (const item of body as unknown[]) {
    if (typeof item === 'string') disclosed.push({ token: item, url: null, source: null });
    else if (typeof item === 'object' && item !== null && typeof (item as { token?: unknown }).token === 'string') {
      const { token, url, source } = item as { token: string; url?: unknown; source?: unknown };
      disclosed.push({ token, url: typeof url === 'string' ? url.slice(0, 2000) : null, source: typeof source === 'string' ? source.slice(0, 100) : null });
    } else {
      throw new HttpError(400, 'invalid_body', 'Each disclosed token must be a string or an object with a "token" string');
    }
  }
  await discloseApiTokens(db, { tokensKey, disclosed, now, ...origin });
  ctx.status = 204;
}
