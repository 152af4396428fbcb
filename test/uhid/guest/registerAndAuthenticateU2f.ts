import { createHash, randomBytes } from 'node:crypto';
import { Ctap1Session, verifyU2fAssertion, verifyU2fRegistration, type CtapDevice } from '@keybridge/client';
import { toHex } from '../../support/hex.js';

export interface U2fRun {
  version: string;
  /** Hex: what the host verifies with its own crypto. */
  application: string;
  registration: { challenge: string; keyHandle: string; userPublicKey: string; attestationCertificate: string; signature: string };
  authentication: { challenge: string; userPresence: number; counter: number; signature: string };
  /** The client's own verifyU2fRegistration / verifyU2fAssertion. */
  clientVerified: { registration: boolean; authentication: boolean };
  /** A check-only AUTHENTICATE of the key handle: for its application, and for another one. */
  keyHandleKnown: { ownApplication: boolean; otherApplication: boolean };
}

/** CTAP1 / U2F through CTAPHID_MSG: VERSION, REGISTER and AUTHENTICATE for `appId`, as an old U2F site would. */
export async function registerAndAuthenticateU2f(device: CtapDevice, appId: string): Promise<U2fRun> {
  const u2f = new Ctap1Session(device);
  const application = createHash('sha256').update(appId).digest();
  const registration = await u2f.register(randomBytes(32), application);
  const authentication = await u2f.authenticate(randomBytes(32), application, registration.keyHandle);
  return {
    version: await u2f.getVersion(),
    application: toHex(application),
    registration: {
      challenge: toHex(registration.challenge),
      keyHandle: toHex(registration.keyHandle),
      userPublicKey: toHex(registration.userPublicKey),
      attestationCertificate: toHex(registration.attestationCertificate),
      signature: toHex(registration.signature),
    },
    authentication: {
      challenge: toHex(authentication.challenge),
      userPresence: authentication.userPresence,
      counter: authentication.counter,
      signature: toHex(authentication.signature),
    },
    clientVerified: {
      registration: verifyU2fRegistration(registration),
      authentication: verifyU2fAssertion(authentication, registration.userPublicKey),
    },
    keyHandleKnown: {
      ownApplication: await u2f.isKeyHandleKnown(application, registration.keyHandle),
      otherApplication: await u2f.isKeyHandleKnown(createHash('sha256').update(`other.${appId}`).digest(), registration.keyHandle),
    },
  };
}
