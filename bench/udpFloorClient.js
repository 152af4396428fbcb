// The least a Node client can do for a getAssertion over UDP, to bound what any client could reach against an
// emulator: the request's reports are encoded once, sent in one burst on a raw dgram socket, and the response is
// only counted (CID, command, length), never decoded. It is a measuring instrument, not a client.
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { CtapHidCommand, encodeCtapHidMessage, CTAPHID_BROADCAST_CID } from '@keybridge/ctap';

const INIT_PAYLOAD = 8;
// The first byte after the CID of an initialization packet: the command with its top bit set.
const initByte = (command) => 0x80 | command;

function spin(microseconds) {
  const until = process.hrtime.bigint() + BigInt(Math.round(microseconds * 1000));
  while (process.hrtime.bigint() < until);
}

export async function openFloorClient(port) {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.connect(port, '127.0.0.1', resolve));
  let onReport = () => undefined;
  socket.on('message', (report) => onReport(report));

  const nonce = randomBytes(INIT_PAYLOAD);
  const cid = await new Promise((resolve) => {
    onReport = (report) => {
      if (report[4] === initByte(CtapHidCommand.INIT) && report.subarray(7, 15).equals(nonce)) resolve(report.readUInt32BE(15));
    };
    socket.send(encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce)[0]);
  });

  return {
    /**
     * Pre-encodes a CTAP2 message; the returned function runs it once and resolves when the whole answer is in.
     * `busyMicroseconds` of busy CPU before each send stand for a client's work there (to show what it costs).
     */
    prepare(ctap2Message, { busyMicroseconds = 0 } = {}) {
      const reports = encodeCtapHidMessage(cid, CtapHidCommand.CBOR, ctap2Message);
      return () =>
        new Promise((resolve, reject) => {
          let expected = -1;
          let received = 0;
          onReport = (report) => {
            if (report.readUInt32BE(0) !== cid) return;
            if (expected < 0) {
              if (report[4] === initByte(CtapHidCommand.KEEPALIVE)) return;
              if (report[4] !== initByte(CtapHidCommand.CBOR) || report[7] !== 0) return reject(new Error(`floor client: answer ${report[4]}/${report[7]}`));
              expected = report.readUInt16BE(5);
              received = 57;
            } else {
              received += 59;
            }
            if (received >= expected) resolve();
          };
          if (busyMicroseconds > 0) spin(busyMicroseconds);
          for (const report of reports) socket.send(report);
        });
    },
    close: () => new Promise((resolve) => socket.close(resolve)),
  };
}
