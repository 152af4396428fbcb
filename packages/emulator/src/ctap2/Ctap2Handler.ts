import type { CborMap } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../AuthenticatorCore.js';
import type { RequestContext } from '../userPresence/RequestContext.js';

/** One CTAP2 command: decoded parameters in, response map out (or nothing), CtapError for any failure. */
export type Ctap2Handler = (
  core: AuthenticatorCore,
  parameters: CborMap | undefined,
  context: RequestContext,
) => Promise<CborMap | undefined>;
