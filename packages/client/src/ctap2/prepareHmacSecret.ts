import { encapsulate, encodeHmacSecretInput, type CborMap, type CoseKey, type PinUvAuthProtocol } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { HmacSecretOutput, HmacSecretSalts } from './GetAssertionInput.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';

const SALT_LENGTH = 32;

/** hmac-secret's request input and the means to read its answer (the shared secret stays inside). */
export interface PreparedHmacSecret {
  /** The map to send under "hmac-secret" in getAssertion's extensions. */
  input: CborMap;
  /** Decrypts one assertion's hmac-secret output into output1 [and output2]. */
  decryptOutput(encrypted: Uint8Array): HmacSecretOutput;
}

/**
 * Platform side of hmac-secret at getAssertion (CTAP 2.1 §12.5): encapsulate with the device's key agreement
 * key, saltEnc = encrypt(shared, salt1 [|| salt2]), saltAuth = authenticate(shared, saltEnc); protocol 1 is
 * implied by leaving pinUvAuthProtocol out (what CTAP 2.0 devices expect). Salts must be 32 bytes (BAD_REQUEST).
 */
export function prepareHmacSecret(protocol: PinUvAuthProtocol, authenticatorKey: CoseKey, salts: HmacSecretSalts): PreparedHmacSecret {
  const given = salts.salt2 === undefined ? [salts.salt1] : [salts.salt1, salts.salt2];
  if (given.some((salt) => salt.length !== SALT_LENGTH)) throw new CtapClientError('BAD_REQUEST', `hmac-secret salts must be ${SALT_LENGTH} bytes`);
  const plaintext = new Uint8Array(SALT_LENGTH * given.length);
  given.forEach((salt, index) => plaintext.set(salt, index * SALT_LENGTH));
  const { platformKeyAgreement, sharedSecret } = readDeviceAnswer('key agreement key', () => encapsulate(protocol, authenticatorKey));
  const saltEnc = protocol.encrypt(sharedSecret, plaintext);
  const input = encodeHmacSecretInput({
    keyAgreement: platformKeyAgreement,
    saltEnc,
    saltAuth: protocol.authenticate(sharedSecret, saltEnc),
    ...(protocol.version === 1 ? {} : { pinUvAuthProtocol: protocol.version }),
  });
  return {
    input,
    decryptOutput(encrypted) {
      const decrypted = readDeviceAnswer('hmac-secret output', () => protocol.decrypt(sharedSecret, encrypted));
      if (decrypted.length !== plaintext.length) {
        throw new CtapClientError('PROTOCOL_ERROR', `hmac-secret output of ${decrypted.length} bytes for ${given.length} salt(s)`);
      }
      const output: HmacSecretOutput = { output1: decrypted.slice(0, SALT_LENGTH) };
      if (given.length === 2) output.output2 = decrypted.slice(SALT_LENGTH);
      return output;
    },
  };
}
