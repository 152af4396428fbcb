import { AttestationCertificateError } from './AttestationCertificateError.js';

/**
 * The ASN.1 values an X.509 certificate is made of, as a tree for {@link encodeDer}.
 * `integer` takes a non-negative number or unsigned big-endian bytes; `bitString` has no unused bits;
 * `time` picks UTCTime or GeneralizedTime as RFC 5280 §4.1.2.5 requires; `explicit` is a
 * constructed context-specific tag [n]; `implicitOctets` a primitive context-specific tag [n] with
 * raw contents; `encoded` is already-encoded DER spliced in as is.
 */
export type DerNode =
  | { readonly kind: 'sequence' | 'set'; readonly items: readonly DerNode[] }
  | { readonly kind: 'integer'; readonly value: number | Uint8Array }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'objectIdentifier'; readonly value: string }
  | { readonly kind: 'octetString' | 'bitString'; readonly value: Uint8Array }
  | { readonly kind: 'utf8String' | 'printableString'; readonly value: string }
  | { readonly kind: 'time'; readonly value: Date }
  | { readonly kind: 'explicit'; readonly tagNumber: number; readonly inner: DerNode }
  | { readonly kind: 'implicitOctets'; readonly tagNumber: number; readonly value: Uint8Array }
  | { readonly kind: 'encoded'; readonly der: Uint8Array };

const PRINTABLE_STRING = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Encodes an ASN.1 value tree as DER (definite, minimal lengths). */
export function encodeDer(node: DerNode): Uint8Array {
  switch (node.kind) {
    case 'sequence':
      return tlv(0x30, concat(node.items.map(encodeDer)));
    case 'set':
      // DER orders SET OF members by their encodings; X.509 names use one member per set anyway.
      return tlv(0x31, concat(node.items.map(encodeDer).sort(compareBytes)));
    case 'integer':
      return tlv(0x02, integerContents(node.value));
    case 'boolean':
      return tlv(0x01, Uint8Array.of(node.value ? 0xff : 0x00));
    case 'null':
      return tlv(0x05, new Uint8Array(0));
    case 'objectIdentifier':
      return tlv(0x06, objectIdentifierContents(node.value));
    case 'octetString':
      return tlv(0x04, node.value);
    case 'bitString':
      return tlv(0x03, concat([Uint8Array.of(0), node.value]));
    case 'utf8String':
      return tlv(0x0c, new TextEncoder().encode(node.value));
    case 'printableString':
      if (!PRINTABLE_STRING.test(node.value)) {
        throw new AttestationCertificateError('INVALID_DER_VALUE', `not a PrintableString: ${JSON.stringify(node.value)}`);
      }
      return tlv(0x13, new TextEncoder().encode(node.value));
    case 'time':
      return timeTlv(node.value);
    case 'explicit':
      return tlv(0xa0 | contextTagNumber(node.tagNumber), encodeDer(node.inner));
    case 'implicitOctets':
      return tlv(0x80 | contextTagNumber(node.tagNumber), node.value);
    case 'encoded':
      return node.der;
  }
}

function tlv(tag: number, contents: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), lengthBytes(contents.length), contents]);
}

function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function contextTagNumber(tagNumber: number): number {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) {
    throw new AttestationCertificateError('INVALID_DER_VALUE', `context tag number out of range: ${tagNumber}`);
  }
  return tagNumber;
}

function integerContents(value: number | Uint8Array): Uint8Array {
  let magnitude: Uint8Array;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new AttestationCertificateError('INVALID_DER_VALUE', `not a non-negative safe integer: ${value}`);
    }
    const bytes: number[] = [];
    for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    magnitude = Uint8Array.from(bytes);
  } else {
    magnitude = value;
  }
  let start = 0;
  while (start < magnitude.length && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  // Unsigned value: a leading 0x00 keeps the sign bit clear; zero is a single 0x00.
  if (trimmed.length === 0 || (trimmed[0] ?? 0) >= 0x80) return concat([Uint8Array.of(0), trimmed]);
  return trimmed;
}

function objectIdentifierContents(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((arc) => (/^\d+$/.test(arc) ? Number(arc) : Number.NaN));
  const [first, second, ...rest] = arcs;
  if (
    first === undefined ||
    second === undefined ||
    arcs.some((arc) => !Number.isSafeInteger(arc)) ||
    first > 2 ||
    (first < 2 && second > 39)
  ) {
    throw new AttestationCertificateError('INVALID_DER_VALUE', `not an object identifier: ${dotted}`);
  }
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc % 128];
    for (let rest7 = Math.floor(arc / 128); rest7 > 0; rest7 = Math.floor(rest7 / 128)) groups.unshift(0x80 | rest7 % 128);
    bytes.push(...groups);
  }
  return Uint8Array.from(bytes);
}

function timeTlv(date: Date): Uint8Array {
  if (Number.isNaN(date.getTime())) throw new AttestationCertificateError('INVALID_DER_VALUE', 'invalid date');
  const year = date.getUTCFullYear();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const rest =
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z';
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050 on.
  if (year >= 1950 && year < 2050) return tlv(0x17, new TextEncoder().encode(pad(year % 100) + rest));
  if (year < 0 || year > 9999) throw new AttestationCertificateError('INVALID_DER_VALUE', `year out of range: ${year}`);
  return tlv(0x18, new TextEncoder().encode(pad(year, 4) + rest));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
