import { AttestationCertificateError } from './AttestationCertificateError.js';
import { parseDer, type DerElement } from './parseDer.js';

/** One X.509 extension; `value` is the contents of extnValue (the extension's own DER). */
export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** The fields of an X.509 certificate that attestation code needs, DER parts left encoded. */
export interface ParsedCertificate {
  /** The signed part, as encoded. */
  readonly tbsCertificate: Uint8Array;
  /** 1, 2 or 3 (the encoded value plus one). */
  readonly version: number;
  /** INTEGER contents as encoded (two's complement, big-endian). */
  readonly serialNumber: Uint8Array;
  /** Name DER; compare bytes with another certificate's subjectName to match issuer and subject. */
  readonly issuerName: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectName: Uint8Array;
  /** SubjectPublicKeyInfo DER, as `createPublicKey({ key, format: 'der', type: 'spki' })` takes it. */
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly extensions: readonly CertificateExtension[];
  /** Dotted OID of the outer signatureAlgorithm, e.g. 1.2.840.10045.4.3.2 for ecdsa-with-SHA256. */
  readonly signatureAlgorithm: string;
  /** signatureValue without the unused-bits octet (a DER ECDSA-Sig-Value for ECDSA). */
  readonly signature: Uint8Array;
}

const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OBJECT_IDENTIFIER: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  VERSION: 0xa0,
  EXTENSIONS: 0xa3,
} as const;

/** Parses a DER X.509 certificate (RFC 5280 §4.1); throws AttestationCertificateError MALFORMED_DER. */
export function parseCertificate(certificateDer: Uint8Array): ParsedCertificate {
  const [tbs, signatureAlgorithm, signatureValue, ...extra] = requireTag(parseDer(certificateDer), TAG.SEQUENCE, 'Certificate').children;
  if (!tbs || !signatureAlgorithm || !signatureValue || extra.length > 0) malformed('Certificate must have 3 fields');
  requireTag(tbs, TAG.SEQUENCE, 'tbsCertificate');

  const fields = [...tbs.children];
  let version = 1;
  if (fields[0]?.tag === TAG.VERSION) {
    const versionInteger = requireTag(fields.shift()?.children[0], TAG.INTEGER, 'version');
    version = (versionInteger.contents[0] ?? 0) + 1;
    if (versionInteger.contents.length !== 1 || version > 3) malformed('unsupported version');
  }
  const [serialNumber, , issuer, validity, subject, subjectPublicKeyInfo, ...optional] = fields;
  const [notBefore, notAfter] = requireTag(validity, TAG.SEQUENCE, 'validity').children;
  const extensionsField = optional.find((field) => field.tag === TAG.EXTENSIONS);

  const signatureBits = requireTag(signatureValue, TAG.BIT_STRING, 'signatureValue').contents;
  if (signatureBits[0] !== 0) malformed('signatureValue must have no unused bits');

  return {
    tbsCertificate: tbs.der,
    version,
    serialNumber: requireTag(serialNumber, TAG.INTEGER, 'serialNumber').contents,
    issuerName: requireTag(issuer, TAG.SEQUENCE, 'issuer').der,
    notBefore: decodeTime(notBefore),
    notAfter: decodeTime(notAfter),
    subjectName: requireTag(subject, TAG.SEQUENCE, 'subject').der,
    subjectPublicKeyInfo: requireTag(subjectPublicKeyInfo, TAG.SEQUENCE, 'subjectPublicKeyInfo').der,
    extensions: extensionsField
      ? requireTag(extensionsField.children[0], TAG.SEQUENCE, 'extensions').children.map(decodeExtension)
      : [],
    signatureAlgorithm: decodeObjectIdentifier(
      requireTag(requireTag(signatureAlgorithm, TAG.SEQUENCE, 'signatureAlgorithm').children[0], TAG.OBJECT_IDENTIFIER, 'algorithm'),
    ),
    signature: signatureBits.subarray(1),
  };
}

function decodeExtension(extension: DerElement): CertificateExtension {
  const [extnId, second, third] = requireTag(extension, TAG.SEQUENCE, 'Extension').children;
  // critical is BOOLEAN DEFAULT FALSE, so DER leaves it out when false.
  const criticalField = third ? requireTag(second, TAG.BOOLEAN, 'critical') : undefined;
  if (criticalField && (criticalField.contents.length !== 1 || criticalField.contents[0] !== 0xff)) {
    malformed('critical must be an encoded TRUE when present');
  }
  return {
    oid: decodeObjectIdentifier(requireTag(extnId, TAG.OBJECT_IDENTIFIER, 'extnID')),
    critical: criticalField !== undefined,
    value: requireTag(third ?? second, TAG.OCTET_STRING, 'extnValue').contents,
  };
}

function decodeObjectIdentifier(element: DerElement): string {
  const arcs: number[] = [];
  let arc = 0;
  for (const [index, byte] of element.contents.entries()) {
    if (arc === 0 && byte === 0x80) malformed('non-minimal object identifier arc');
    arc = arc * 128 + (byte & 0x7f);
    if (!Number.isSafeInteger(arc)) malformed('object identifier arc too large');
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0) {
        // The first subidentifier packs two arcs: 40 * first + second, with first at most 2.
        const first = Math.min(Math.floor(arc / 40), 2);
        arcs.push(first, arc - first * 40);
      } else {
        arcs.push(arc);
      }
      arc = 0;
    } else if (index === element.contents.length - 1) {
      malformed('truncated object identifier');
    }
  }
  if (arcs.length === 0) malformed('empty object identifier');
  return arcs.join('.');
}

function decodeTime(element: DerElement | undefined): Date {
  if (element?.tag !== TAG.UTC_TIME && element?.tag !== TAG.GENERALIZED_TIME) malformed('validity time must be UTCTime or GeneralizedTime');
  const text = new TextDecoder().decode(element.contents);
  // RFC 5280 §4.1.2.5: seconds present, always Zulu, no fractions.
  const match = (element.tag === TAG.UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/).exec(text);
  if (!match) malformed(`bad time ${JSON.stringify(text)}`);
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const fullYear = element.tag === TAG.UTC_TIME ? (year < 50 ? 2000 + year : 1900 + year) : year;
  return new Date(Date.UTC(fullYear, month - 1, day, hours, minutes, seconds));
}

function requireTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element?.tag !== tag) malformed(`${what}: expected tag 0x${tag.toString(16)}, got ${element ? `0x${element.tag.toString(16)}` : 'nothing'}`);
  return element;
}

function malformed(detail: string): never {
  throw new AttestationCertificateError('MALFORMED_DER', detail);
}
