import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describedEventKinds, describeEvent } from './describeEvent.js';

/** Every event kind the registry's code records: `kind: '<area>.<action>'` and recordProjectEvent's kind argument. */
function recordedKindsInCode(): string[] {
  const sources = join(import.meta.dirname, '..');
  const kinds = new Set<string>();
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    if (!/\brecord(Project)?Event\(/.test(text)) continue;
    for (const match of text.matchAll(/kind: '([a-z_]+\.[a-z_]+)'|recordProjectEvent\([^)]*?'([a-z_]+\.[a-z_]+)'/g)) kinds.add((match[1] ?? match[2])!);
  }
  return [...kinds].sort();
}

describe('describeEvent', () => {
  it('has words for every kind of event the code records', () => {
    const recorded = recordedKindsInCode();
    expect(recorded).toEqual(expect.arrayContaining(['account.signup', 'account.security_key_added', 'release.yanked', 'token.created']));
    expect(recorded.filter((kind) => !describedEventKinds.includes(kind))).toEqual([]);
  });

  it('puts the details in words, and spells out a kind it does not know', () => {
    expect(describeEvent({ kind: 'account.second_factor_failed', details: { purpose: 'sudo', method: 'totp', reason: 'replayed' } })).toBe(
      'Second factor refused to confirm a sensitive change: an authenticator app code, already used',
    );
    expect(describeEvent({ kind: 'account.recovery_code_used', details: { purpose: 'login', left: 3 } })).toBe('Recovery code used to log in (3 left)');
    expect(describeEvent({ kind: 'release.yanked', details: { project: 'demo', version: '1.0' } })).toBe('Release demo 1.0 yanked');
    expect(describeEvent({ kind: 'account.security_key_added', details: { name: 42 } })).toBe('Security key added');
    expect(describeEvent({ kind: 'mirror.sync_failed', details: {} })).toBe('Mirror sync failed');
    expect(describeEvent({ kind: 'toString', details: {} })).toBe('ToString');
  });
});
