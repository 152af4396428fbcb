import { describe, expect, it } from 'vitest';
import { isValidProjectName } from './isValidProjectName.js';

describe('isValidProjectName', () => {
  it('accepts letters, digits and inner . _ -', () => {
    for (const name of ['a', 'Z', '7', 'requests', 'zope.interface', 'my_pkg-2', 'A.B_C-D']) expect(isValidProjectName(name)).toBe(true);
  });

  it('refuses separators at either end, other characters, empty and over-long names', () => {
    for (const name of ['', '-a', 'a-', '.a', 'a_', 'a b', 'a/b', '../x', 'café', 'a+b', 'x'.repeat(256)]) expect(isValidProjectName(name)).toBe(false);
    expect(isValidProjectName('x'.repeat(255))).toBe(true);
  });
});
