import {
  X509Certificate,
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { createKeyPair } from '@keybridge/ctap';
import { AttestationCertificateError } from './AttestationCertificateError.js';
import { encodeDer, type DerNode } from './encodeDer.js';
import { parseCertificate } from './parseCertificate.js';
import { parseDer } from './parseDer.js';

export interface IssueBatchCertificateOptions {
  /** The AAGUID the emulator reports in authenticator data (16 bytes). */
  aaguid: Uint8Array;
  /** Private key of the issuing CA (PEM, EC). */
  caKeyPem: string;
  /** Certificate of the issuing CA (PEM); must be CA:TRUE and match caKeyPem. */
  caCertPem: string;
  /** Batch attestation key (PEM, P-256); a fresh key is generated when absent. */
  batchKeyPem?: string;
}

export interface IssuedBatchCertificate {
  /** The batch attestation certificate, DER, as it goes into a packed attestation's x5c. */
  certificateDer: Uint8Array;
  /** The batch attestation private key the certificate certifies (P-256). */
  privateKey: KeyObject;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  fidoGenCeAaguid: '1.3.6.1.4.1.45724.1.1.4',
} as const;

// The same subject as fixtures/attestation/batch.cert.pem. WebAuthn §8.2.1 requires C, O,
// OU = "Authenticator Attestation" and CN (a UTF8String); C is a PrintableString in X.520.
const SUBJECT: DerNode = {
  kind: 'sequence',
  items: [
    attribute(OID.countryName, { kind: 'printableString', value: 'US' }),
    attribute(OID.organizationName, { kind: 'utf8String', value: 'keybridge' }),
    attribute(OID.organizationalUnitName, { kind: 'utf8String', value: 'Authenticator Attestation' }),
    attribute(OID.commonName, { kind: 'utf8String', value: 'keybridge emulator batch 1' }),
  ],
};

// KeyUsage BIT STRING with only digitalSignature (bit 0): 7 unused bits, then 0b1000_0000.
const KEY_USAGE_DIGITAL_SIGNATURE = Uint8Array.of(0x03, 0x02, 0x07, 0x80);

// Tolerates verifiers whose clock is a little behind ours.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Issues a packed-attestation batch certificate for `aaguid`, signed by the given CA, so the
 * emulator can attest under any AAGUID. Validity runs from now (less clock skew, not before the
 * CA's) to the CA's notAfter.
 */
export async function issueBatchCertificate(options: IssueBatchCertificateOptions): Promise<IssuedBatchCertificate> {
  const { aaguid, caKeyPem, caCertPem, batchKeyPem } = options;
  if (aaguid.length !== 16) {
    throw new AttestationCertificateError('INVALID_AAGUID', `AAGUID must be 16 bytes, got ${aaguid.length}`);
  }

  const caCertificate = new X509Certificate(caCertPem);
  if (!caCertificate.ca) throw new AttestationCertificateError('NOT_A_CA', `not a CA certificate: ${caCertificate.subject}`);
  const caKey = createPrivateKey(caKeyPem);
  if (caKey.asymmetricKeyType !== 'ec') {
    throw new AttestationCertificateError('UNSUPPORTED_KEY', `CA key must be EC for ecdsa-with-SHA256, got ${caKey.asymmetricKeyType}`);
  }
  if (!bytesEqual(spkiOf(createPublicKey(caKey)), spkiOf(caCertificate.publicKey))) {
    throw new AttestationCertificateError('KEY_CERTIFICATE_MISMATCH', 'the CA key does not belong to the CA certificate');
  }
  const ca = parseCertificate(new Uint8Array(caCertificate.raw));

  const privateKey =
    batchKeyPem === undefined
      ? createKeyPair('P-256').privateKey
      : createPrivateKey(batchKeyPem);
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new AttestationCertificateError('UNSUPPORTED_KEY', 'the batch attestation key must be P-256 (ES256)');
  }
  const batchSpki = spkiOf(createPublicKey(privateKey));

  const notBefore = new Date(Math.max(Date.now() - CLOCK_SKEW_MS, ca.notBefore.getTime()));
  const notAfter = ca.notAfter;
  if (notBefore.getTime() >= notAfter.getTime()) {
    throw new AttestationCertificateError('CA_EXPIRED', `the CA certificate expired at ${notAfter.toISOString()}`);
  }

  const serialNumber = randomBytes(16);
  serialNumber[0] = (serialNumber[0] ?? 0) & 0x7f; // positive

  const caKeyIdentifier = ca.extensions.find((extension) => extension.oid === OID.subjectKeyIdentifier);
  const authorityKeyIdentifier = caKeyIdentifier
    ? parseDer(caKeyIdentifier.value).contents
    : keyIdentifier(ca.subjectPublicKeyInfo);

  const algorithm: DerNode = { kind: 'sequence', items: [{ kind: 'objectIdentifier', value: OID.ecdsaWithSha256 }] };
  const tbsCertificate = encodeDer({
    kind: 'sequence',
    items: [
      { kind: 'explicit', tagNumber: 0, inner: { kind: 'integer', value: 2 } }, // v3
      { kind: 'integer', value: serialNumber },
      algorithm,
      { kind: 'encoded', der: ca.subjectName }, // byte-identical to the CA's subject, for chain building
      { kind: 'sequence', items: [{ kind: 'time', value: notBefore }, { kind: 'time', value: notAfter }] },
      SUBJECT,
      { kind: 'encoded', der: batchSpki },
      {
        kind: 'explicit',
        tagNumber: 3,
        inner: {
          kind: 'sequence',
          items: [
            extension(OID.basicConstraints, true, { kind: 'sequence', items: [] }), // cA DEFAULT FALSE
            extension(OID.keyUsage, true, { kind: 'encoded', der: KEY_USAGE_DIGITAL_SIGNATURE }),
            extension(OID.subjectKeyIdentifier, false, { kind: 'octetString', value: keyIdentifier(batchSpki) }),
            extension(OID.authorityKeyIdentifier, false, {
              kind: 'sequence',
              items: [{ kind: 'implicitOctets', tagNumber: 0, value: authorityKeyIdentifier }],
            }),
            extension(OID.fidoGenCeAaguid, false, { kind: 'octetString', value: aaguid }),
          ],
        },
      },
    ],
  });

  const signature = sign('sha256', tbsCertificate, { key: caKey, dsaEncoding: 'der' });
  const certificateDer = encodeDer({
    kind: 'sequence',
    items: [
      { kind: 'encoded', der: tbsCertificate },
      algorithm,
      { kind: 'bitString', value: new Uint8Array(signature) },
    ],
  });
  return { certificateDer, privateKey };
}

function attribute(type: string, value: DerNode): DerNode {
  return { kind: 'set', items: [{ kind: 'sequence', items: [{ kind: 'objectIdentifier', value: type }, value] }] };
}

function extension(oid: string, critical: boolean, value: DerNode): DerNode {
  return {
    kind: 'sequence',
    items: [
      { kind: 'objectIdentifier', value: oid },
      ...(critical ? [{ kind: 'boolean', value: true } as const] : []), // critical DEFAULT FALSE
      { kind: 'octetString', value: encodeDer(value) },
    ],
  };
}

/** RFC 5280 §4.2.1.2 method 1 (what openssl's `hash` does): SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(subjectPublicKeyInfo: Uint8Array): Uint8Array {
  const subjectPublicKey = parseDer(subjectPublicKeyInfo).children[1];
  if (subjectPublicKey?.tag !== 0x03) throw new AttestationCertificateError('MALFORMED_DER', 'SubjectPublicKeyInfo without a BIT STRING');
  return new Uint8Array(createHash('sha1').update(subjectPublicKey.contents.subarray(1)).digest());
}

function spkiOf(publicKey: KeyObject): Uint8Array {
  return new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
