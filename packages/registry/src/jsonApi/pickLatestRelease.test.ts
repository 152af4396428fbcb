import { describe, expect, it } from 'vitest';
import type { IndexedRelease } from '../simple/ProjectIndex.js';
import { pickLatestRelease } from './pickLatestRelease.js';

const release = (canonicalVersion: string, yanked = false): IndexedRelease => ({
  id: 0, version: canonicalVersion, canonicalVersion, requiresPython: null, summary: null, yanked, yankedReason: null, createdAt: new Date(0),
});

describe('pickLatestRelease', () => {
  it('picks the newest final release that is not yanked', () => {
    expect(pickLatestRelease([release('1.0'), release('1.1'), release('1.2', true), release('2.0rc1'), release('2.0.dev3')])?.version).toBe('1.1');
  });

  it('falls back to the newest pre-release, then to the newest yanked release, then to nothing', () => {
    expect(pickLatestRelease([release('1.0', true), release('2.0a1'), release('2.0b1', true)])?.version).toBe('2.0a1');
    expect(pickLatestRelease([release('1.0', true), release('2.0', true)])?.version).toBe('2.0');
    expect(pickLatestRelease([])).toBeNull();
  });
});
