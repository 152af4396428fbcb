import { CoseAlgorithm, CtapError, CtapStatus, PUBLIC_KEY_CREDENTIAL_TYPE, type PublicKeyCredentialParameters } from '@keybridge/ctap';

/** What the emulator can make keys for; config.algorithms may narrow it. */
const IMPLEMENTED: readonly number[] = [CoseAlgorithm.ES256, CoseAlgorithm.EdDSA];

/**
 * CTAP 2.1 §6.1.2 step 3: the first pubKeyCredParams element (the RP's preference order) of type "public-key"
 * whose algorithm the authenticator offers; none is UNSUPPORTED_ALGORITHM.
 */
export function chooseAlgorithm(parameters: readonly PublicKeyCredentialParameters[], offered: readonly number[]): number {
  for (const { type, alg } of parameters) {
    if (type === PUBLIC_KEY_CREDENTIAL_TYPE && offered.includes(alg) && IMPLEMENTED.includes(alg)) return alg;
  }
  const asked = parameters.map(({ type, alg }) => `${type} ${alg}`).join(', ');
  throw new CtapError(CtapStatus.UNSUPPORTED_ALGORITHM, asked ? `none of [${asked}] is offered` : 'pubKeyCredParams is empty');
}
