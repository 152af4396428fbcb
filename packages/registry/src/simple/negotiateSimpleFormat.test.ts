import { describe, expect, it } from 'vitest';
import { negotiateSimpleFormat } from './negotiateSimpleFormat.js';
import { SimpleFormat } from './SimpleFormat.js';

describe('negotiateSimpleFormat', () => {
  it('defaults to text/html without an Accept header, or with an empty one', () => {
    expect(negotiateSimpleFormat(undefined)).toBe(SimpleFormat.textHtml);
    expect(negotiateSimpleFormat('  ')).toBe(SimpleFormat.textHtml);
  });

  it("gives pip (JSON first, HTML at lower weights) JSON, and the HTML-only header HTML", () => {
    expect(negotiateSimpleFormat('application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01')).toBe(SimpleFormat.json);
    expect(negotiateSimpleFormat('application/vnd.pypi.simple.v1+html')).toBe(SimpleFormat.html);
    expect(negotiateSimpleFormat('text/html')).toBe(SimpleFormat.textHtml);
  });

  it('follows the weights, not the order', () => {
    expect(negotiateSimpleFormat('text/html;q=0.2, application/vnd.pypi.simple.v1+json;q=0.9')).toBe(SimpleFormat.json);
    expect(negotiateSimpleFormat('application/vnd.pypi.simple.v1+json;q=0.3, application/vnd.pypi.simple.v1+html;q=0.4')).toBe(SimpleFormat.html);
  });

  it('maps the latest names to version 1', () => {
    expect(negotiateSimpleFormat('application/vnd.pypi.simple.latest+json')).toBe(SimpleFormat.json);
    expect(negotiateSimpleFormat('application/vnd.pypi.simple.latest+html')).toBe(SimpleFormat.html);
  });

  it('prefers HTML on ties, and lets the most specific range decide an offer’s weight', () => {
    expect(negotiateSimpleFormat('*/*')).toBe(SimpleFormat.textHtml);
    expect(negotiateSimpleFormat('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(SimpleFormat.textHtml);
    expect(negotiateSimpleFormat('application/*')).toBe(SimpleFormat.html);
    // text/html refused outright, */* at 0.5: the PEP 691 types win through the wildcard.
    expect(negotiateSimpleFormat('text/html;q=0, */*;q=0.5')).toBe(SimpleFormat.html);
    expect(negotiateSimpleFormat('*/*;q=0.1, application/vnd.pypi.simple.v1+json')).toBe(SimpleFormat.json);
  });

  it('returns null when nothing offered is acceptable', () => {
    expect(negotiateSimpleFormat('application/json')).toBeNull();
    expect(negotiateSimpleFormat('application/vnd.pypi.simple.v2+json')).toBeNull();
    expect(negotiateSimpleFormat('text/html;q=0, application/vnd.pypi.simple.v1+json;q=0, application/vnd.pypi.simple.v1+html;q=0')).toBeNull();
    expect(negotiateSimpleFormat('*/*;q=0')).toBeNull();
    expect(negotiateSimpleFormat('garbage')).toBeNull();
  });
});
