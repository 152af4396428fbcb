// @peculiar/x509 (through tsyringe) needs the Reflect metadata API, before it is loaded.
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';

/** One X.509 extension; `value` is the contents of extnValue (the extension's own DER). */
export interface CertificateExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

/**
 * Test-only: the fields of a DER certificate the known-answer tests compare, read with @peculiar/x509's parser
 * (names, SubjectPublicKeyInfo and extensions as their DER bytes, so equality is byte equality).
 */
export function readCertificate(certificateDer: Uint8Array) {
  const certificate = new X509Certificate(Uint8Array.from(certificateDer));
  return {
    serialNumber: Uint8Array.from(Buffer.from(certificate.serialNumber, 'hex')),
    issuerName: new Uint8Array(certificate.issuerName.toArrayBuffer()),
    subjectName: new Uint8Array(certificate.subjectName.toArrayBuffer()),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    subjectPublicKeyInfo: new Uint8Array(certificate.publicKey.rawData),
    signatureAlgorithm: certificate.signatureAlgorithm,
    extensions: certificate.extensions.map(
      (extension): CertificateExtension => ({ oid: extension.type, critical: extension.critical, value: new Uint8Array(extension.value) }),
    ),
  };
}
