import { describe, expect, it } from 'vitest';
import { renderDescription } from './renderDescription.js';

describe('renderDescription', () => {
  it('renders Markdown without its raw HTML, unsafe links or top-level headings', () => {
    const rendered = renderDescription('# Title\n\n<b onclick="x()">bold</b>\n\n[a](javascript:alert(1)) [b](https://example.org/)', 'text/markdown; charset=UTF-8');
    expect(rendered?.kind).toBe('html');
    const html = rendered?.kind === 'html' ? rendered.html : '';
    expect(html).toContain('<h3>Title</h3>');
    expect(html).toContain('&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://example.org/" rel="nofollow noopener noreferrer">b</a>');
  });

  it('keeps reStructuredText, plain text and untyped descriptions as text; none for an empty one', () => {
    expect(renderDescription('Title\n=====', 'text/x-rst')).toEqual({ kind: 'text', text: 'Title\n=====' });
    expect(renderDescription('<b>x</b>', 'text/plain')).toEqual({ kind: 'text', text: '<b>x</b>' });
    expect(renderDescription('x', null)).toEqual({ kind: 'text', text: 'x' });
    expect(renderDescription('  \n', 'text/markdown')).toBeNull();
    expect(renderDescription(null, 'text/markdown')).toBeNull();
  });
});
