import { describe, expect, it } from 'vitest';
import { parseAcceptHeader } from './parseAcceptHeader.js';

describe('parseAcceptHeader', () => {
  it("reads pip's header: ranges in order with their weights", () => {
    expect(parseAcceptHeader('application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01')).toEqual([
      { type: 'application', subtype: 'vnd.pypi.simple.v1+json', q: 1 },
      { type: 'application', subtype: 'vnd.pypi.simple.v1+html', q: 0.1 },
      { type: 'text', subtype: 'html', q: 0.01 },
    ]);
  });

  it('lower-cases, ignores other parameters (quoted commas included) and drops malformed ranges', () => {
    expect(parseAcceptHeader('Text/HTML;level=1;Q=0.5, text/plain;foo="a,b";q=0.2, html, */html, /, ,')).toEqual([
      { type: 'text', subtype: 'html', q: 0.5 },
      { type: 'text', subtype: 'plain', q: 0.2 },
    ]);
  });

  it('gives a malformed weight 0, so it cannot win', () => {
    expect(parseAcceptHeader('a/b;q=2, c/d;q=0.5555, e/f;q=x, g/h;q=1.000, i/j;q=0').map((range) => range.q)).toEqual([0, 0, 0, 1, 0]);
  });

  it('reads wildcards', () => {
    expect(parseAcceptHeader('*/*;q=0.8, text/*')).toEqual([
      { type: '*', subtype: '*', q: 0.8 },
      { type: 'text', subtype: '*', q: 1 },
    ]);
  });
});
