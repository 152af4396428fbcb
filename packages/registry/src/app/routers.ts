import { createAccountsRouter } from '../accounts/createAccountsRouter.js';
import { createProjectsRouter } from '../projects/createProjectsRouter.js';
import { createUploadsRouter } from '../uploads/createUploadsRouter.js';
import { createJsonApiRouter } from '../jsonApi/createJsonApiRouter.js';
import { createFilesRouter } from '../simple/createFilesRouter.js';
import { createSimpleRouter } from '../simple/createSimpleRouter.js';
import { createTokensRouter } from '../tokens/createTokensRouter.js';
import { createTwoFactorRouter } from '../twoFactor/createTwoFactorRouter.js';
import { createHealthRouter } from '../health/createHealthRouter.js';
import { createReleasesRouter } from '../releases/createReleasesRouter.js';
import { createPagesRouter } from '../pages/createPagesRouter.js';
import { createSecurityPagesRouter } from '../twoFactor/createSecurityPagesRouter.js';
import { createSudoPageRouter } from '../twoFactor/sudo/createSudoPageRouter.js';
import { createTokenPagesRouter } from '../tokens/createTokenPagesRouter.js';
import { createManagePagesRouter } from '../projects/createManagePagesRouter.js';
import type { RegistryRouterFactory } from './RegistryState.js';

/** Every feature's routes, in the order they are tried. Append-only: add a line for a new feature. */
export const routers: readonly RegistryRouterFactory[] = [
  createAccountsRouter,
  createProjectsRouter,
  createUploadsRouter,
  createSimpleRouter,
  createFilesRouter,
  createJsonApiRouter,
  createTokensRouter,
  createTwoFactorRouter,
  createHealthRouter,
  createReleasesRouter,
  createPagesRouter,
  createSecurityPagesRouter,
  createSudoPageRouter,
  createTokenPagesRouter,
  createManagePagesRouter,
];
