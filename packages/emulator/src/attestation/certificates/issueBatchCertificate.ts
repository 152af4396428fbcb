// @peculiar/x509 (through tsyringe) needs the Reflect metadata API, before it is loaded.
import 'reflect-metadata';
import { X509Certificate, createPrivateKey, createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { createKeyPair, equalBytes } from '@keybridge/ctap';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  X509Certificate as PeculiarCertificate,
} from '@peculiar/x509';
import { AttestationCertificateError } from './AttestationCertificateError.js';

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

/** id-fido-gen-ce-aaguid (ctap-reference.md "Attestation statements"). */
const FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4';

// The same subject as fixtures/attestation/batch.cert.pem. WebAuthn §8.2.1 requires C, O,
// OU = "Authenticator Attestation" and CN (a UTF8String); C is a PrintableString in X.520.
const SUBJECT = new Name([
  { C: [{ printableString: 'US' }] },
  { O: [{ utf8String: 'keybridge' }] },
  { OU: [{ utf8String: 'Authenticator Attestation' }] },
  { CN: [{ utf8String: 'keybridge emulator batch 1' }] },
]);

/** WebCrypto names of the curves an EC CA key may be on, by node's names. */
const WEBCRYPTO_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

// Tolerates verifiers whose clock is a little behind ours.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Issues a packed-attestation batch certificate for `aaguid`, signed by the given CA (ecdsa-with-SHA256), so the
 * emulator can attest under any AAGUID. @peculiar/x509 writes the X.509 (with node's WebCrypto, globalThis.crypto,
 * its default provider); this checks the inputs with typed errors.
 * Validity runs from now (less clock skew, not before the CA's) to the CA's notAfter.
 */
export async function issueBatchCertificate(options: IssueBatchCertificateOptions): Promise<IssuedBatchCertificate> {
  const { aaguid, caKeyPem, caCertPem, batchKeyPem } = options;
  if (aaguid.length !== 16) {
    throw new AttestationCertificateError('INVALID_AAGUID', `AAGUID must be 16 bytes, got ${aaguid.length}`);
  }

  const caCertificate = new X509Certificate(caCertPem);
  if (!caCertificate.ca) throw new AttestationCertificateError('NOT_A_CA', `not a CA certificate: ${caCertificate.subject}`);
  const caKey = createPrivateKey(caKeyPem);
  const caCurve = WEBCRYPTO_CURVES[caKey.asymmetricKeyDetails?.namedCurve ?? ''];
  if (caKey.asymmetricKeyType !== 'ec' || caCurve === undefined) {
    throw new AttestationCertificateError('UNSUPPORTED_KEY', `CA key must be EC (P-256, P-384 or P-521) for ECDSA, got ${caKey.asymmetricKeyType}`);
  }
  if (!equalBytes(spkiOf(createPublicKey(caKey)), spkiOf(caCertificate.publicKey))) {
    throw new AttestationCertificateError('KEY_CERTIFICATE_MISMATCH', 'the CA key does not belong to the CA certificate');
  }
  const ca = new PeculiarCertificate(caCertificate.raw);

  const privateKey = batchKeyPem === undefined ? createKeyPair('P-256').privateKey : createPrivateKey(batchKeyPem);
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

  // The CA's own subjectKeyIdentifier names it, as openssl does; without one, the key identifier of its key.
  const caKeyIdentifier = ca.getExtension(SubjectKeyIdentifierExtension)?.keyId;
  const authorityKeyIdentifier = caKeyIdentifier
    ? new AuthorityKeyIdentifierExtension(caKeyIdentifier)
    : await AuthorityKeyIdentifierExtension.create(ca.publicKey);
  const signingKey = await webcrypto.subtle.importKey('pkcs8', caKey.export({ type: 'pkcs8', format: 'der' }), { name: 'ECDSA', namedCurve: caCurve }, false, [
    'sign',
  ]);

  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber: serialNumber.toString('hex'),
      issuer: ca.subjectName, // byte-identical to the CA's subject, for chain building
      subject: SUBJECT,
      notBefore,
      notAfter,
      publicKey: batchSpki,
      signingKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        await SubjectKeyIdentifierExtension.create(batchSpki),
        authorityKeyIdentifier,
        // extnValue is the DER OCTET STRING holding the 16 AAGUID bytes (short-form length 0x10).
        new Extension(FIDO_GEN_CE_AAGUID, false, Uint8Array.of(0x04, aaguid.length, ...aaguid)),
      ],
    },
  );
  return { certificateDer: new Uint8Array(certificate.rawData), privateKey };
}

function spkiOf(publicKey: KeyObject): Uint8Array<ArrayBuffer> {
  return new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
}
