import { createHmac } from 'node:crypto';
import { CtapStatus, encapsulate, pinUvAuthProtocol, type HmacSecretInput } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../createAuthenticator.js';
import type { StoredCredential } from '../state/AuthenticatorState.js';
import { hmacSecretOutput } from './hmacSecretOutput.js';
import { openHmacSecretSession } from './openHmacSecretSession.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';

describe('openHmacSecretSession and hmacSecretOutput', () => {
  it('decrypts the salts with the shared secret and answers encrypted HMACs under the right CredRandom', async () => {
    const authenticator = await createAuthenticator();
    const credential = { hmacSecret: { withUv: new Uint8Array(32).fill(1), withoutUv: new Uint8Array(32).fill(2) } } as StoredCredential;
    for (const version of [1, 2]) {
      const protocol = pinUvAuthProtocol(version);
      const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, authenticator.volatile.keyAgreement.coseKey());
      const salts = new Uint8Array(64).map((_, index) => index);
      const saltEnc = protocol.encrypt(sharedSecret, salts);
      const input: HmacSecretInput = { keyAgreement: platformKeyAgreement, saltEnc, saltAuth: protocol.authenticate(sharedSecret, saltEnc), pinUvAuthProtocol: version };
      const session = openHmacSecretSession(authenticator, input);
      expect(session.salts).toEqual(salts);
      expect(session.sharedSecret).toEqual(sharedSecret);
      for (const uv of [true, false]) {
        const key = uv ? credential.hmacSecret!.withUv : credential.hmacSecret!.withoutUv;
        const expected = Buffer.concat([createHmac('sha256', key).update(salts.subarray(0, 32)).digest(), createHmac('sha256', key).update(salts.subarray(32)).digest()]);
        expect(Buffer.from(protocol.decrypt(sharedSecret, hmacSecretOutput(session, credential, uv)!)).equals(expected)).toBe(true);
      }
      expect(hmacSecretOutput(session, {} as StoredCredential, true)).toBeUndefined();
    }
  });

  it('answers PIN_AUTH_INVALID for a bad saltAuth and INVALID_PARAMETER for a bad protocol, key or salt size', async () => {
    const authenticator = await createAuthenticator();
    const protocol = pinUvAuthProtocol(1);
    const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, authenticator.volatile.keyAgreement.coseKey());
    const saltEnc = protocol.encrypt(sharedSecret, new Uint8Array(32));
    const good: HmacSecretInput = { keyAgreement: platformKeyAgreement, saltEnc, saltAuth: protocol.authenticate(sharedSecret, saltEnc) };
    expect(ctapStatusOf(() => openHmacSecretSession(authenticator, good))).toBe(CtapStatus.OK);
    expect(ctapStatusOf(() => openHmacSecretSession(authenticator, { ...good, saltAuth: new Uint8Array(16) }))).toBe(CtapStatus.PIN_AUTH_INVALID);
    // The right MAC under protocol 2 rules is still the wrong one for protocol 1.
    expect(ctapStatusOf(() => openHmacSecretSession(authenticator, { ...good, pinUvAuthProtocol: 2 }))).not.toBe(CtapStatus.OK);
    expect(ctapStatusOf(() => openHmacSecretSession(authenticator, { ...good, pinUvAuthProtocol: 9 }))).toBe(CtapStatus.INVALID_PARAMETER);
    const sixteen = protocol.encrypt(sharedSecret, new Uint8Array(16));
    expect(ctapStatusOf(() => openHmacSecretSession(authenticator, { ...good, saltEnc: sixteen, saltAuth: protocol.authenticate(sharedSecret, sixteen) }))).toBe(
      CtapStatus.INVALID_PARAMETER,
    );
    // After the key agreement key changes (a wrong PIN, a power cycle) the old shared secret no longer verifies.
    authenticator.volatile.keyAgreement.regenerate();
    expect(ctapStatusOf(() => openHmacSecretSession(authenticator, good))).toBe(CtapStatus.PIN_AUTH_INVALID);
  });
});
