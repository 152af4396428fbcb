import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Macaroons in the V2 binary format of libmacaroons (what pymacaroons writes with MACAROON_V2 and PyPI uses):
 *
 *   0x02, [location], identifier, EOS, { [location], identifier, [vid], EOS }*, EOS, signature
 *
 * where each field is (type varint, length varint, bytes): location 1, identifier 2, vid 4, signature 6, and EOS is a
 * single 0. The signature chain: sig0 = HMAC(HMAC("macaroons-key-generator", rootKey), identifier), then
 * sig = HMAC(sig, caveat identifier) per first-party caveat.
 */
export interface Macaroon {
  location: string | null;
  identifier: Buffer;
  caveats: MacaroonCaveat[];
  signature: Buffer;
}

export interface MacaroonCaveat {
  identifier: Buffer;
  location: string | null;
  /** Only third-party caveats have one; keybridge refuses them (nothing here can discharge them). */
  verificationId: Buffer | null;
}

/** Bytes that are not a V2 binary macaroon (the reason is for logs and tests, never for the client). */
export class MacaroonFormatError extends Error {
  readonly code = 'macaroon_format';
  constructor(message: string) {
    super(message);
    this.name = 'MacaroonFormatError';
  }
}

const fieldEos = 0;
const fieldLocation = 1;
const fieldIdentifier = 2;
const fieldVid = 4;
const fieldSignature = 6;
const keyGenerator = Buffer.from('macaroons-key-generator');
const noBytes = Buffer.alloc(0);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Largest number of caveats a token may carry: enough for any real narrowing, small enough to verify fast. */
export const maxMacaroonCaveats = 64;

export function decodeMacaroonV2(bytes: Uint8Array): Macaroon {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length === 0) throw new MacaroonFormatError('empty');
  if (buffer[0] !== 2) throw new MacaroonFormatError(`version byte ${buffer[0]} (only V2 binary macaroons are read)`);
  let offset = 1;

  const readVarint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (offset >= buffer.length) throw new MacaroonFormatError('truncated varint');
      const byte = buffer[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        // Only the shortest spelling of a number: one macaroon, one encoding.
        if (byte === 0 && shift > 0) throw new MacaroonFormatError('varint not in its shortest form');
        return value;
      }
    }
    throw new MacaroonFormatError('varint too long');
  };
  /** The next field: its type, and its bytes (none for EOS). */
  const readField = (): { type: number; data: Buffer } => {
    const type = readVarint();
    if (type === fieldEos) return { type, data: noBytes };
    const length = readVarint();
    if (length > buffer.length - offset) throw new MacaroonFormatError('field longer than the macaroon');
    const data = buffer.subarray(offset, offset + length);
    offset += length;
    return { type, data };
  };
  const text = (data: Buffer, what: string): string => {
    try {
      return utf8.decode(data);
    } catch {
      throw new MacaroonFormatError(`${what} is not UTF-8`);
    }
  };

  let field = readField();
  let location: string | null = null;
  if (field.type === fieldLocation) {
    location = text(field.data, 'location');
    field = readField();
  }
  if (field.type !== fieldIdentifier) throw new MacaroonFormatError('no identifier');
  const identifier = field.data;
  if (readField().type !== fieldEos) throw new MacaroonFormatError('unexpected field after the identifier');

  const caveats: MacaroonCaveat[] = [];
  for (;;) {
    field = readField();
    if (field.type === fieldEos) break;
    if (caveats.length === maxMacaroonCaveats) throw new MacaroonFormatError(`more than ${maxMacaroonCaveats} caveats`);
    let caveatLocation: string | null = null;
    if (field.type === fieldLocation) {
      caveatLocation = text(field.data, 'caveat location');
      field = readField();
    }
    if (field.type !== fieldIdentifier) throw new MacaroonFormatError('caveat without identifier');
    const caveatIdentifier = field.data;
    let verificationId: Buffer | null = null;
    field = readField();
    if (field.type === fieldVid) {
      verificationId = field.data;
      field = readField();
    }
    if (field.type !== fieldEos) throw new MacaroonFormatError('unexpected field in a caveat');
    caveats.push({ identifier: caveatIdentifier, location: caveatLocation, verificationId });
  }
  field = readField();
  if (field.type !== fieldSignature || field.data.length !== 32) throw new MacaroonFormatError('no 32-byte signature');
  if (offset !== buffer.length) throw new MacaroonFormatError('bytes after the signature');
  return { location, identifier, caveats, signature: field.data };
}

export function encodeMacaroonV2(macaroon: Macaroon): Buffer {
  const parts: Buffer[] = [Buffer.of(2)];
  const put = (type: number, data: Uint8Array) => parts.push(varint(type), varint(data.length), Buffer.from(data));
  const eos = () => parts.push(Buffer.of(fieldEos));
  if (macaroon.location !== null) put(fieldLocation, Buffer.from(macaroon.location));
  put(fieldIdentifier, macaroon.identifier);
  eos();
  for (const caveat of macaroon.caveats) {
    if (caveat.location !== null) put(fieldLocation, Buffer.from(caveat.location));
    put(fieldIdentifier, caveat.identifier);
    if (caveat.verificationId !== null) put(fieldVid, caveat.verificationId);
    eos();
  }
  eos();
  put(fieldSignature, macaroon.signature);
  return Buffer.concat(parts);
}

/** The signature a macaroon with this root key, identifier and first-party caveats has. */
export function macaroonSignature(rootKey: Uint8Array, identifier: Uint8Array, caveatIdentifiers: readonly Uint8Array[]): Buffer {
  let signature = createHmac('sha256', createHmac('sha256', keyGenerator).update(rootKey).digest()).update(identifier).digest();
  for (const caveat of caveatIdentifiers) signature = createHmac('sha256', signature).update(caveat).digest();
  return signature;
}

/** Whether `macaroon` was made from `rootKey` (first-party caveats only), compared in constant time. */
export function hasValidSignature(macaroon: Macaroon, rootKey: Uint8Array): boolean {
  if (macaroon.caveats.some((caveat) => caveat.verificationId !== null)) return false;
  const expected = macaroonSignature(rootKey, macaroon.identifier, macaroon.caveats.map((caveat) => caveat.identifier));
  return timingSafeEqual(expected, macaroon.signature);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
