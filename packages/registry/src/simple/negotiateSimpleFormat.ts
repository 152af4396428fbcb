import { parseAcceptHeader, type MediaRange } from './parseAcceptHeader.js';
import { SimpleFormat } from './SimpleFormat.js';

interface Offer {
  format: SimpleFormat;
  /** The exact media types that ask for it: PEP 691's `latest` names mean the newest version served, v1 here. */
  names: readonly string[];
}

// In the order preferred when the client weighs several equally (`*/*`, a browser's `text/html` next to `*/*`):
// HTML first, as PEP 691 recommends for clients that do not say.
const offers: readonly Offer[] = [
  { format: SimpleFormat.textHtml, names: ['text/html'] },
  { format: SimpleFormat.html, names: ['application/vnd.pypi.simple.v1+html', 'application/vnd.pypi.simple.latest+html'] },
  { format: SimpleFormat.json, names: ['application/vnd.pypi.simple.v1+json', 'application/vnd.pypi.simple.latest+json'] },
];

/**
 * The representation of a Simple API page to answer with, chosen by the Accept header as PEP 691 describes: each
 * offer gets the weight of the most specific range that matches it, the heaviest wins, ties go to HTML. No header
 * (or an empty one) means text/html. Null when nothing offered is acceptable (the caller answers 406).
 */
export function negotiateSimpleFormat(accept: string | undefined): SimpleFormat | null {
  if (accept === undefined || accept.trim() === '') return SimpleFormat.textHtml;
  const ranges = parseAcceptHeader(accept);
  let best: { format: SimpleFormat; q: number } | null = null;
  for (const offer of offers) {
    const q = qualityOf(offer, ranges);
    if (q > 0 && (best === null || q > best.q)) best = { format: offer.format, q };
  }
  return best?.format ?? null;
}

function qualityOf(offer: Offer, ranges: readonly MediaRange[]): number {
  let specificity = -1;
  let quality = 0;
  for (const range of ranges) {
    const name = `${range.type}/${range.subtype}`;
    const rank = offer.names.includes(name)
      ? 2
      : range.subtype === '*' && offer.names.some((offered) => offered.startsWith(`${range.type}/`))
        ? 1
        : name === '*/*'
          ? 0
          : -1;
    if (rank < 0) continue;
    // The most specific range decides; among equally specific ones (v1 and latest), the higher weight.
    if (rank > specificity || (rank === specificity && range.q > quality)) {
      specificity = rank;
      quality = range.q;
    }
  }
  return specificity < 0 ? 0 : quality;
}
