import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rpIdHash } from './rpIdHash.js';

describe('rpIdHash', () => {
  it('is SHA-256 of the RP ID, as recorded for example.org', () => {
    expect(Buffer.from(rpIdHash('example.org')).toString('hex')).toBe('bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b5');
  });

  it('hashes the UTF-8 encoding', () => {
    expect(Buffer.from(rpIdHash('bücher.example')).toString('hex')).toBe(createHash('sha256').update(Buffer.from('bücher.example', 'utf8')).digest('hex'));
  });
});
