import { createHash, randomBytes } from 'node:crypto';
import { Ctap2Session, CtapHidChannel, UdpTransport } from '@keybridge/client';
import { PinUvAuthTokenPermissions } from '@keybridge/ctap';

/** Registers a discoverable credential on the emulator at udp:127.0.0.1:port through the client, as a browser would. */
export async function makeDiscoverableCredential(
  port: number,
  pin: string,
  rp: { id: string; name?: string },
  user: { name: string; displayName?: string },
  credProtect?: number,
): Promise<Uint8Array> {
  const channel = await CtapHidChannel.open(await UdpTransport.open({ host: '127.0.0.1', port }));
  try {
    const session = await Ctap2Session.open(channel);
    const token = await session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.mc, rpId: rp.id });
    const result = await session.makeCredential({
      clientDataHash: new Uint8Array(createHash('sha256').update(randomBytes(16)).digest()),
      rp,
      user: { id: new TextEncoder().encode(`user-${user.name}`), ...user },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      options: { rk: true },
      pinUvAuthToken: token,
      ...(credProtect === undefined ? {} : { extensions: { credProtect } }),
    });
    return result.credentialId;
  } finally {
    await channel.close();
  }
}
