import { createHash, randomBytes } from 'node:crypto';
import type { Ctap2Session, MakeCredentialResult } from '@keybridge/client';
import { PinUvAuthTokenPermissions } from '@keybridge/ctap';

/** makeCredential of a discoverable ES256 credential for `userName`, under a fresh pinUvAuthToken from `pin`. */
export async function makeDiscoverableCredential(session: Ctap2Session, pin: string, rpId: string, userName: string): Promise<MakeCredentialResult> {
  const pinUvAuthToken = await session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.mc, rpId });
  return session.makeCredential({
    clientDataHash: createHash('sha256').update(randomBytes(32)).digest(),
    rp: { id: rpId, name: 'uhid guest test' },
    user: { id: randomBytes(16), name: userName },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    options: { rk: true },
    pinUvAuthToken,
  });
}
