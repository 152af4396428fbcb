import { createHmac } from 'node:crypto';
import { CliError } from '../program/CliError.js';

/**
 * Adds first-party caveats to a keybridge API token, offline: `kbr-` + a V2 binary macaroon (libmacaroons' format,
 * as pymacaroons writes it) in base64url. A macaroon's holder can always narrow it: each caveat's bytes are appended
 * as a packet and the signature becomes HMAC-SHA-256(old signature, caveat), so nothing but the token is needed and the
 * result can only allow less. The registry's README ("API tokens") lists the caveats it reads.
 */
export function narrowApiToken(token: string, caveats: readonly Uint8Array[]): string {
  const { body, signature } = splitMacaroon(decodeToken(token));
  let newSignature = signature;
  const packets: Buffer[] = [];
  for (const caveat of caveats) {
    packets.push(packet(IDENTIFIER, caveat), END);
    newSignature = createHmac('sha256', newSignature).update(caveat).digest();
  }
  const bytes = Buffer.concat([body, ...packets, END, packet(SIGNATURE, newSignature)]);
  return `${PREFIX}${bytes.toString('base64url')}`;
}

const PREFIX = 'kbr-';
const LOCATION = 1;
const IDENTIFIER = 2;
const VERIFICATION_ID = 4;
const SIGNATURE = 6;
const END = Buffer.of(0);

const notAToken = (why: string) => new CliError('USAGE', `That is not a keybridge API token (${why}): give the kbr-… token on standard input`);

function decodeToken(token: string): Buffer {
  if (!token.startsWith(PREFIX)) throw notAToken(`it does not start with ${PREFIX}`);
  const text = token.slice(PREFIX.length).replace(/=+$/, '');
  const bytes = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(text) || bytes.toString('base64url') !== text) throw notAToken('it is not base64url');
  return bytes;
}

/** A packet: type and length as unsigned LEB128 varints, then the bytes. */
function packet(type: number, data: Uint8Array): Buffer {
  return Buffer.concat([varint(type), varint(data.length), data]);
}

function varint(value: number): Buffer {
  const out: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      out.push(rest);
      return Buffer.from(out);
    }
    out.push((rest % 128) | 128);
  }
}

/**
 * The macaroon up to the end of its caveats (where new ones go) and its signature, after walking every packet: a
 * version byte 2, the header section (location?, identifier), the caveat sections (location?, identifier, vid?), an
 * empty section, the 32-byte signature, nothing after it.
 */
function splitMacaroon(bytes: Buffer): { body: Buffer; signature: Buffer } {
  let offset = 1;
  const readVarint = (): number => {
    let value = 0;
    for (let scale = 1; scale < 2 ** 35; scale *= 128) {
      const byte = bytes[offset++];
      if (byte === undefined) throw notAToken('it ends too soon');
      value += (byte & 127) * scale;
      if (byte < 128) return value;
    }
    throw notAToken('a length is too long');
  };
  /** The next section's packet types (its end consumed), or null for the empty section that ends the caveats. */
  const readSection = (): number[] | null => {
    const types: number[] = [];
    for (let type = readVarint(); type !== 0; type = readVarint()) {
      const length = readVarint();
      if (offset + length > bytes.length) throw notAToken('a packet runs past its end');
      offset += length;
      types.push(type);
    }
    return types.length === 0 ? null : types;
  };
  if (bytes[0] !== 2) throw notAToken('it is not a V2 macaroon');
  const header = readSection();
  if (header === null || header[header.length - 1] !== IDENTIFIER || header.some((type) => type !== LOCATION && type !== IDENTIFIER)) {
    throw notAToken('it has no identifier');
  }
  for (let caveat = readSection(); caveat !== null; caveat = readSection()) {
    if (!caveat.includes(IDENTIFIER) || caveat.some((type) => type !== LOCATION && type !== IDENTIFIER && type !== VERIFICATION_ID)) {
      throw notAToken('a caveat is malformed');
    }
  }
  const body = bytes.subarray(0, offset - 1);
  if (readVarint() !== SIGNATURE || readVarint() !== 32 || offset + 32 !== bytes.length) throw notAToken('it has no 32-byte signature at its end');
  return { body, signature: bytes.subarray(offset) };
}
