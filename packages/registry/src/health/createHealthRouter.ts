import Router from '@koa/router';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { checkReadiness } from './checkReadiness.js';

/**
 * Probes for load balancers and orchestrators: GET /healthz is 200 while the process serves HTTP at all (liveness);
 * GET /readyz is 200 when the database answers and the storage is writable and reachable, else 503 naming the check that failed
 * (readiness). Neither needs a session; neither is cached.
 */
export function createHealthRouter(deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    const readiness = await checkReadiness(deps);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = { status: readiness.ready ? 'ok' : 'unavailable', checks: readiness.checks };
  });

  return router;
}
