import { PUBLIC_KEY_CREDENTIAL_TYPE, type PublicKeyCredentialParameters } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { PublicKeyCredentialParametersJSON } from './WebAuthnJson.js';

/** WebAuthn's default when the RP lists none: ES256, then RS256. */
const DEFAULT_ALGORITHMS = [-7, -257];

/**
 * The RP's pubKeyCredParams the device can make, in the RP's order of preference: only "public-key" ones, without
 * repeats, and, when the device lists its algorithms (getInfo algorithms; [ES256] for U2F), only those.
 * A device that lists none (CTAP 2.0) gets the RP's list and chooses itself. Nothing left is UNSUPPORTED.
 */
export function choosePubKeyCredParams(
  requested: readonly PublicKeyCredentialParametersJSON[],
  deviceAlgorithms: readonly PublicKeyCredentialParameters[] | undefined,
): PublicKeyCredentialParameters[] {
  const asked = requested.length === 0 ? DEFAULT_ALGORITHMS : requested.filter((p) => p.type === PUBLIC_KEY_CREDENTIAL_TYPE).map((p) => p.alg);
  const unique = [...new Set(asked)];
  const offered = deviceAlgorithms?.filter((p) => p.type === PUBLIC_KEY_CREDENTIAL_TYPE).map((p) => p.alg);
  const chosen = offered ? unique.filter((alg) => offered.includes(alg)) : unique;
  if (chosen.length === 0) {
    const offers = offered ? `; it offers ${offered.join(', ') || 'none'}` : '';
    throw new CtapClientError('UNSUPPORTED', `the key makes none of the algorithms asked for (${unique.join(', ') || 'none'})${offers}`);
  }
  return chosen.map((alg) => ({ type: PUBLIC_KEY_CREDENTIAL_TYPE, alg }));
}
