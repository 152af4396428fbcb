import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CtapClientError, CtapHidChannel, Ctap2Session, HidTransport, listHidSecurityKeys } from '@keybridge/client';
import { CtapHidCommand, CtapHidKeepaliveStatus, parseCtapHidPacket } from '@keybridge/ctap';
import { createAuthenticator, fixedUserPresence, UhidDevice } from '@keybridge/emulator';
import { RecordingTransport } from './RecordingTransport.js';

export interface CancelOnKeepaliveRun {
  /** What discovery lists while the second key is there, and after it is removed. */
  keysWhileThere: number;
  keysAfter: number;
  keepalives: number[];
  /** How the cancelled makeCredential ended: the client's error code. */
  errorCode: string;
  /** From the abort (on the first UPNEEDED) to the rejection. */
  endedAfterMs: number;
  /** The status byte of every CTAPHID_CBOR answer on the channel, in order (0x2D: KEEPALIVE_CANCEL). */
  cborStatuses: number[];
  /** The channel id before the cancel, and after the getInfo that follows it (a resync would change it). */
  channelIds: [number, number];
}

/** Long against the guest's round trips: a request that ends well within it ended on the device's answer to the CANCEL. */
const CANCEL_GRACE_MS = 20_000;

/**
 * A second kernel key, in this process, whose user never touches it: a makeCredential waits for a touch (KEEPALIVE
 * UPNEEDED) until the client cancels it on the first keep-alive. The reports are recorded, to show what the device
 * answered; a getInfo afterwards shows the channel still works.
 */
export async function cancelOnKeepalive(): Promise<CancelOnKeepaliveRun> {
  const key = new UhidDevice(await createAuthenticator({ userPresence: fixedUserPresence('timeout') }), { name: 'Keybridge Emulator (untouched)' });
  let run: Omit<CancelOnKeepaliveRun, 'keysAfter'>;
  try {
    const { hidrawPath } = await key.start();
    const keysWhileThere = (await listHidSecurityKeys()).length;
    const transport = new RecordingTransport(await HidTransport.open(hidrawPath));
    const channel = await CtapHidChannel.open(transport, { cancelGraceMs: CANCEL_GRACE_MS });
    try {
      const session = await Ctap2Session.open(channel);
      const cidBefore = channel.cid;
      const controller = new AbortController();
      const keepalives: number[] = [];
      let abortedAt: number | undefined;
      const outcome = await session
        .makeCredential(
          {
            clientDataHash: randomBytes(32),
            rp: { id: 'cancel.keybridge.test', name: 'cancel' },
            user: { id: randomBytes(16), name: 'nobody' },
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          },
          {
            signal: controller.signal,
            onKeepalive: (status) => {
              keepalives.push(status);
              if (status === CtapHidKeepaliveStatus.UPNEEDED && abortedAt === undefined) {
                abortedAt = performance.now();
                controller.abort();
              }
            },
          },
        )
        .then(
          () => 'answered',
          (error: unknown) => (error instanceof CtapClientError ? error.code : String(error)),
        );
      const endedAfterMs = abortedAt === undefined ? -1 : performance.now() - abortedAt;
      await session.getInfo();
      const cborStatuses = transport.received
        .map((report) => parseCtapHidPacket(report))
        .flatMap((packet) => (packet.kind === 'init' && packet.cid === channel.cid && packet.command === CtapHidCommand.CBOR ? [packet.data[0]!] : []));
      run = { keysWhileThere, keepalives, errorCode: outcome, endedAfterMs, cborStatuses, channelIds: [cidBefore, channel.cid] };
    } finally {
      await channel.close();
    }
  } finally {
    await key.close();
  }
  return { ...run, keysAfter: (await listHidSecurityKeys()).length };
}
