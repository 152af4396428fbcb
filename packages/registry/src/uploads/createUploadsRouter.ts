import Router from '@koa/router';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { createKeyedLock } from './createKeyedLock.js';
import { handleFileUpload } from './handleFileUpload.js';

/** The upload API twine talks to: POST /legacy/ (multipart, HTTP Basic). */
export function createUploadsRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();
  // Serializes storing and recording per stored file, so a failed upload never removes bytes a concurrent one uses.
  const lock = createKeyedLock();
  router.post('/legacy/', async (ctx) => handleFileUpload(ctx, lock));
  return router;
}
