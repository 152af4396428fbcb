import { Ctap2Session, CtapHidChannel, UdpTransport } from '@keybridge/client';
import { makeDiscoverableCredential } from '../support/makeDiscoverableCredential.js';

/** makeDiscoverableCredential on the emulator at udp:127.0.0.1:port; resolves to the credential id. */
export async function makeDiscoverableCredentialOverUdp(
  port: number,
  pin: string,
  rp: { id: string; name?: string },
  user: { name: string; displayName?: string },
  credProtect?: number,
): Promise<Uint8Array> {
  const channel = await CtapHidChannel.open(await UdpTransport.open({ host: '127.0.0.1', port }));
  try {
    return (await makeDiscoverableCredential(await Ctap2Session.open(channel), pin, rp, user, credProtect)).credentialId;
  } finally {
    await channel.close();
  }
}
