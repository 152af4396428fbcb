import { readFileSync } from 'node:fs';
import { MetadataService, SettingsService, type MetadataStatement } from '@simplewebauthn/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withAttestationServices } from './attestationServices.js';
import type { AttestationTrust } from './attestationTrust.js';

const caPem = readFileSync(new URL('../../../../../fixtures/attestation/ca.cert.pem', import.meta.url), 'utf8');
const statement = JSON.parse(readFileSync(new URL('../../../../../fixtures/metadata/keybridge-emulator.json', import.meta.url), 'utf8')) as MetadataStatement;
const aaguid = statement.aaguid!;
const trust: AttestationTrust = { dir: '/trust', roots: [caPem], statements: new Map([[aaguid, statement]]) };
const formats = ['packed', 'fido-u2f', 'tpm', 'android-key', 'android-safetynet', 'apple'];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('withAttestationServices', () => {
  it('sets every certificate format’s roots and the statements for a trust, and clears both for none', async () => {
    await withAttestationServices(trust, async () => {
      for (const identifier of formats) expect(SettingsService.getRootCertificates({ identifier: identifier as 'packed' })).toEqual([caPem]);
      expect((await MetadataService.getStatement(aaguid))?.description).toBe(statement.description);
    });
    await withAttestationServices(null, async () => {
      for (const identifier of formats) expect(SettingsService.getRootCertificates({ identifier: identifier as 'packed' })).toEqual([]);
      // Permissive: a key without a statement is verified without metadata, not refused.
      expect(await MetadataService.getStatement(aaguid)).toBeUndefined();
    });
  });

  it('sets the same trust once, and never asks MetadataService to download the FIDO MDS', async () => {
    await withAttestationServices(null, async () => undefined);
    const initialize = vi.spyOn(MetadataService, 'initialize');
    await withAttestationServices(trust, async () => undefined);
    await withAttestationServices(trust, async () => undefined);
    expect(initialize).toHaveBeenCalledTimes(1);
    expect(initialize.mock.calls[0]![0]).toMatchObject({ mdsServers: [], verificationMode: 'permissive' });
  });

  it('runs one use at a time, in order, and goes on after one that failed', async () => {
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = withAttestationServices(trust, async () => {
      events.push('first started');
      await held;
      expect(SettingsService.getRootCertificates({ identifier: 'packed' })).toEqual([caPem]);
      events.push('first done');
      throw new Error('verification failed');
    });
    const second = withAttestationServices(null, async () => {
      events.push('second started');
      return SettingsService.getRootCertificates({ identifier: 'packed' });
    });
    await Promise.resolve();
    release();
    await expect(first).rejects.toThrow('verification failed');
    expect(await second).toEqual([]);
    expect(events).toEqual(['first started', 'first done', 'second started']);
  });
});
