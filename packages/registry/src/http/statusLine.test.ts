import { describe, expect, it } from 'vitest';
import { statusLine } from './statusLine.js';

describe('statusLine', () => {
  it('keeps a plain message', () => {
    expect(statusLine("File already exists ('a-1.0.tar.gz')")).toBe("File already exists ('a-1.0.tar.gz')");
  });
  it('makes one line of printable ASCII (a header injection cannot pass)', () => {
    expect(statusLine('bad\r\nSet-Cookie: x=1\tand  more ')).toBe('bad Set-Cookie: x=1 and more');
    expect(statusLine('naïve \u0000 name')).toBe('na?ve ? name');
  });
  it('shortens very long messages to 300 characters', () => {
    const line = statusLine('x'.repeat(1000));
    expect(line).toHaveLength(300);
    expect(line.endsWith('...')).toBe(true);
  });
});
