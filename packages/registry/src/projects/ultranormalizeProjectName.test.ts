import { describe, expect, it } from 'vitest';
import { ultranormalizeProjectName } from './ultranormalizeProjectName.js';

describe('ultranormalizeProjectName (Warehouse ultranormalize_name)', () => {
  it.each([
    ['kbdemo', 'kbdem0'],
    ['kb-demo', 'kbdem0'],
    ['KB_Dem0', 'kbdem0'],
    ['k.b-d_e.m.o', 'kbdem0'],
    ['Pillow', 'p1110w'],
    ['pi1l0w', 'p1110w'],
    ['requests', 'requests'],
    ['LIO', '110'],
  ])('%s → %s', (name, expected) => {
    expect(ultranormalizeProjectName(name)).toBe(expected);
  });

  it('folds nothing else: other look-alikes stay apart', () => {
    expect(ultranormalizeProjectName('rn')).not.toBe(ultranormalizeProjectName('m'));
    expect(ultranormalizeProjectName('vv')).not.toBe(ultranormalizeProjectName('w'));
    expect(ultranormalizeProjectName('s5')).toBe('s5');
    expect(ultranormalizeProjectName('b8')).toBe('b8');
  });
});
