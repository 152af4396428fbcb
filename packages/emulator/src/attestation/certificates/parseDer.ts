import { AttestationCertificateError } from './AttestationCertificateError.js';

/** One DER element: its identifier octet, whole encoding, contents, and parsed children if constructed. */
export interface DerElement {
  readonly tag: number;
  /** The whole element, identifier and length included (views into the input, not copies). */
  readonly der: Uint8Array;
  readonly contents: Uint8Array;
  /** Child elements when the tag is constructed (bit 0x20), otherwise empty. */
  readonly children: readonly DerElement[];
}

const CONSTRUCTED = 0x20;

/**
 * Parses exactly one DER element spanning all of `bytes`, recursing into constructed elements.
 * Only what X.509 certificates use is accepted: low tag numbers and minimal definite lengths.
 */
export function parseDer(bytes: Uint8Array): DerElement {
  const { element, end } = parseElement(bytes, 0, 0);
  if (end !== bytes.length) malformed(`${bytes.length - end} bytes after the element`);
  return element;
}

const MAX_DEPTH = 32;

function parseElement(bytes: Uint8Array, offset: number, depth: number): { element: DerElement; end: number } {
  if (depth > MAX_DEPTH) malformed('nested too deeply');
  const tag = bytes[offset];
  if (tag === undefined) malformed(`missing identifier at ${offset}`);
  if ((tag & 0x1f) === 0x1f) malformed(`high tag number form at ${offset}`);
  const first = bytes[offset + 1];
  if (first === undefined) malformed(`missing length at ${offset + 1}`);
  let length = first;
  let contentsStart = offset + 2;
  if (first === 0x80) malformed(`indefinite length at ${offset + 1}`);
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) malformed(`length of ${count} bytes at ${offset + 1}`);
    length = 0;
    for (let i = 0; i < count; i += 1) {
      const byte = bytes[contentsStart + i];
      if (byte === undefined) malformed(`truncated length at ${offset + 1}`);
      if (i === 0 && byte === 0) malformed(`non-minimal length at ${offset + 1}`);
      length = length * 256 + byte;
    }
    if (length < 0x80) malformed(`non-minimal length at ${offset + 1}`);
    contentsStart += count;
  }
  const end = contentsStart + length;
  if (end > bytes.length) malformed(`element at ${offset} runs past the end`);
  const contents = bytes.subarray(contentsStart, end);
  const children: DerElement[] = [];
  if ((tag & CONSTRUCTED) !== 0) {
    for (let childOffset = contentsStart; childOffset < end; ) {
      // Children are parsed within the parent's bounds so a child cannot overrun it.
      const child = parseElement(bytes.subarray(0, end), childOffset, depth + 1);
      children.push(child.element);
      childOffset = child.end;
    }
  }
  return { element: { tag, der: bytes.subarray(offset, end), contents, children }, end };
}

function malformed(detail: string): never {
  throw new AttestationCertificateError('MALFORMED_DER', detail);
}
