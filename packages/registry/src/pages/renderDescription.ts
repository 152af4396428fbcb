import MarkdownIt from 'markdown-it';
import type { DescriptionView } from './PageViews.js';

// Raw HTML off: any tag in the Markdown is shown as text. markdown-it's validateLink already refuses javascript:,
// vbscript:, file: and non-image data: links.
const markdown = new MarkdownIt({ html: false, linkify: true });
const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  // Links in uploaded text vouch for nothing, and must not reach back into this page.
  tokens[index]!.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, index, options, env, self);
};

// The description sits under the page's own h1 and h2: its headings move two levels down (h1 → h3, at most h6).
for (const rule of ['heading_open', 'heading_close'] as const) {
  markdown.renderer.rules[rule] = (tokens, index, options, _env, self) => {
    const token = tokens[index]!;
    token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
    return self.renderToken(tokens, index, options);
  };
}

/**
 * A release's description for its page: Markdown (text/markdown) rendered to HTML without raw HTML; anything else
 * (text/x-rst, text/plain, no content type) shown as preformatted text, escaped by the template. Null for none.
 */
export function renderDescription(description: string | null, contentType: string | null): DescriptionView | null {
  if (description === null || description.trim() === '') return null;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/markdown') return { kind: 'html', html: markdown.render(description) };
  return { kind: 'text', text: description };
}
