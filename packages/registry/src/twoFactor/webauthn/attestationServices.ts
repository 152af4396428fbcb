import { MetadataService, SettingsService } from '@simplewebauthn/server';
import type { AttestationTrust } from './attestationTrust.js';

/** The attestation formats whose statements carry certificates; each is given the trust directory's roots. */
const certificateFormats = ['packed', 'fido-u2f', 'tpm', 'android-key', 'android-safetynet', 'apple'] as const;

/** What SimpleWebAuthn's services are set to now: a trust (one object per directory), 'none' (no anchors), or unset. */
let applied: AttestationTrust | 'none' | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` (a SimpleWebAuthn verification) with SimpleWebAuthn's attestation settings set for `trust`, or with
 * no anchors at all for null. Those settings live in two process-global singletons, SettingsService (roots per
 * format) and MetadataService (statements), which verifyRegistrationResponse reads in the middle of its awaits; so
 * every use runs here, one at a time, and registries with different trust directories or policies in one process
 * (tests) cannot see each other's. Setting the same trust again changes nothing. The registry owns these services:
 * nothing else in the process may configure them.
 *
 * With no anchors, SimpleWebAuthn skips certificate path validation (and its default Apple and Google roots are
 * replaced too), checking only what the statement itself proves: signatures, certificate fields, the AAGUID
 * extension. MetadataService never downloads the FIDO MDS here (mdsServers is empty).
 */
export function withAttestationServices<T>(trust: AttestationTrust | null, work: () => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    await apply(trust ?? 'none');
    return work();
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

async function apply(wanted: AttestationTrust | 'none'): Promise<void> {
  if (applied === wanted) return;
  applied = undefined; // Half set, should initialize throw.
  const roots = wanted === 'none' ? [] : [...wanted.roots];
  for (const identifier of certificateFormats) SettingsService.setRootCertificates({ identifier, certificates: roots });
  await MetadataService.initialize({
    statements: wanted === 'none' ? [] : [...wanted.statements.values()],
    mdsServers: [],
    // Keys without a statement are verified without metadata instead of refused.
    verificationMode: 'permissive',
  });
  applied = wanted;
}
