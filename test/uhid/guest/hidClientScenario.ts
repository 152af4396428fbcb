// Runs in the QEMU guest (made plain JavaScript by transpileTestModules): the project's client against the emulator's
// kernel HID device (started without a PIN), through node-hid, as an application would use a USB key. Prints one JSON
// object; the host test checks it, the signatures with its own crypto.
import { createHash, randomBytes } from 'node:crypto';
import { Ctap2Session, CtapHidChannel, HidTransport, listHidSecurityKeys } from '@keybridge/client';
import { PinUvAuthTokenPermissions, publicKeyFromCoseKey } from '@keybridge/ctap';
import { toHex } from '../../support/hex.js';
import { makeDiscoverableCredential } from '../../support/makeDiscoverableCredential.js';
import { cancelOnKeepalive } from './cancelOnKeepalive.js';
import { manageCredentials } from './manageCredentials.js';
import { registerAndAuthenticateU2f } from './registerAndAuthenticateU2f.js';

const [pin, rpId] = process.argv.slice(2) as [string, string];

const keys = await listHidSecurityKeys();
const channel = await CtapHidChannel.open(await HidTransport.open(keys[0]!.path));
let result;
try {
  const session = await Ctap2Session.open(channel);
  const clientPinBefore = session.info.options?.clientPin;
  await session.clientPin.setPin(pin);
  const { pinRetries } = await session.clientPin.getPinRetries();
  const made = await makeDiscoverableCredential(session, pin, { id: rpId, name: 'uhid guest test' }, { name: 'guest' });
  const clientDataHash = createHash('sha256').update(randomBytes(32)).digest();
  const getToken = await session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.ga, rpId });
  const [assertion] = await session.getAssertion({
    rpId,
    clientDataHash,
    allowList: [{ type: 'public-key', id: made.credentialId }],
    pinUvAuthToken: getToken,
  });
  result = {
    keys,
    versions: session.info.versions,
    clientPinBefore,
    clientPinAfter: session.info.options?.clientPin,
    pinRetries,
    fmt: made.fmt,
    credentialId: toHex(made.credentialId),
    publicKey: toHex(publicKeyFromCoseKey(made.credentialPublicKey).export({ type: 'spki', format: 'der' })),
    assertion: { credentialId: toHex(assertion!.credential.id), authData: toHex(assertion!.authData), signature: toHex(assertion!.signature), clientDataHash: toHex(clientDataHash) },
    credentialManagement: await manageCredentials(session, pin, rpId, `other.${rpId}`),
    u2f: await registerAndAuthenticateU2f(channel, `https://${rpId}`),
  };
} finally {
  await channel.close();
}
process.stdout.write(`${JSON.stringify({ ...result, cancel: await cancelOnKeepalive() })}\n`);
