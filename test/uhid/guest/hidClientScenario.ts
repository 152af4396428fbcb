// Runs in the QEMU guest (compiled to test/.build/uhid/ by compileGuestProgram): the project's client against the
// emulator's kernel HID device, through node-hid, as an application would use a USB key. Prints one JSON object; the
// host test checks it, the signatures with its own crypto.
import { createHash, randomBytes } from 'node:crypto';
import { Ctap2Session, CtapHidChannel, HidTransport, listHidSecurityKeys } from '@keybridge/client';
import { PinUvAuthTokenPermissions, publicKeyFromCoseKey } from '@keybridge/ctap';

const [pin, rpId] = process.argv.slice(2) as [string, string];
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const keys = await listHidSecurityKeys();
const channel = await CtapHidChannel.open(await HidTransport.open(keys[0]!.path));
try {
  const session = await Ctap2Session.open(channel);
  const makeToken = await session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.mc, rpId });
  const made = await session.makeCredential({
    clientDataHash: createHash('sha256').update(randomBytes(32)).digest(),
    rp: { id: rpId, name: 'uhid guest test' },
    user: { id: randomBytes(16), name: 'guest' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    pinUvAuthToken: makeToken,
  });
  const clientDataHash = createHash('sha256').update(randomBytes(32)).digest();
  const getToken = await session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.ga, rpId });
  const [assertion] = await session.getAssertion({
    rpId,
    clientDataHash,
    allowList: [{ type: 'public-key', id: made.credentialId }],
    pinUvAuthToken: getToken,
  });
  const publicKey = publicKeyFromCoseKey(made.credentialPublicKey).export({ type: 'spki', format: 'der' });
  process.stdout.write(
    `${JSON.stringify({
      keys,
      versions: session.info.versions,
      clientPin: session.info.options?.clientPin,
      fmt: made.fmt,
      credentialId: hex(made.credentialId),
      publicKey: hex(publicKey),
      assertion: { credentialId: hex(assertion!.credential.id), authData: hex(assertion!.authData), signature: hex(assertion!.signature), clientDataHash: hex(clientDataHash) },
    })}\n`,
  );
} finally {
  await channel.close();
}
