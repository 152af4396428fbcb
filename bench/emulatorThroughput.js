// In-process makeCredential and getAssertion per second, next to raw crypto.sign with P-256 in the same run.
import { createHash, randomBytes, sign } from 'node:crypto';
import { createKeyPair, Ctap2Command, encodeCtap2Request } from '@keybridge/ctap';
import { createAuthenticator } from '@keybridge/emulator';
import { pairedRatio, report } from './pairedRatio.js';

export async function benchEmulatorThroughput() {
  const authenticator = await createAuthenticator({ attestation: 'packed' });
  const clientDataHash = createHash('sha256').update('bench').digest();
  const makeCredential = encodeCtap2Request(
    Ctap2Command.makeCredential,
    new Map([
      [1, clientDataHash],
      [2, new Map([['id', 'example.org'], ['name', 'Example']])],
      [3, new Map([['id', randomBytes(16)], ['name', 'alice'], ['displayName', 'Alice']])],
      [4, [new Map([['alg', -7], ['type', 'public-key']])]],
    ]),
  );
  const first = await authenticator.handleCtap2(makeCredential);
  if (first[0] !== 0) throw new Error(`makeCredential failed with status 0x${first[0].toString(16)}`);
  // authData in the response: find the credential id through the ctap decoder.
  const { decodeCtap2Response, parseAuthenticatorData } = await import('@keybridge/ctap');
  const authData = parseAuthenticatorData(decodeCtap2Response(first).get(2));
  const credentialId = authData.attestedCredentialData.credentialId;
  const getAssertion = encodeCtap2Request(
    Ctap2Command.getAssertion,
    new Map([
      [1, 'example.org'],
      [2, clientDataHash],
      [3, [new Map([['id', credentialId], ['type', 'public-key']])]],
    ]),
  );

  const { privateKey } = createKeyPair('P-256');
  const data = randomBytes(37 + 32);
  const rawSign = () => sign('sha256', data, privateKey);

  const assertion = async () => {
    const response = await authenticator.handleCtap2(getAssertion);
    if (response[0] !== 0) throw new Error(`getAssertion failed with status 0x${response[0].toString(16)}`);
  };
  report('in-process getAssertion', 'crypto.sign P-256', await pairedRatio({ baseline: rawSign, subject: assertion }), 0.5);

  const registration = async () => {
    const response = await authenticator.handleCtap2(makeCredential);
    if (response[0] !== 0) throw new Error(`makeCredential failed with status 0x${response[0].toString(16)}`);
  };
  report('in-process makeCredential (packed)', 'crypto.sign P-256', await pairedRatio({ baseline: rawSign, subject: registration }));
}
