/** One media range of an Accept header, lower-cased, with its quality. */
export interface MediaRange {
  type: string;
  subtype: string;
  /** 0 to 1; 1 when absent, 0 when malformed (RFC 9110 §12.4.2: a broken weight must not win). */
  q: number;
}

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The media ranges of an Accept header (RFC 9110 §12.5.1), in the order sent. Ranges that are not `type/subtype`
 * tokens are dropped; parameters other than q are ignored (no type offered here has any).
 */
export function parseAcceptHeader(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const element of splitOutsideQuotes(header, ',')) {
    const [range = '', ...parameters] = splitOutsideQuotes(element, ';').map((part) => part.trim());
    const slash = range.indexOf('/');
    const type = range.slice(0, slash).toLowerCase();
    const subtype = range.slice(slash + 1).toLowerCase();
    if (slash < 0 || !token.test(type) || !token.test(subtype) || (type === '*' && subtype !== '*')) continue;
    let q = 1;
    for (const parameter of parameters) {
      const equals = parameter.indexOf('=');
      if (equals < 0 || parameter.slice(0, equals).trim().toLowerCase() !== 'q') continue;
      q = parseQuality(parameter.slice(equals + 1).trim());
      break;
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

function parseQuality(value: string): number {
  // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted && character === '\\') {
      current += character + (text[index + 1] ?? '');
      index++;
      continue;
    }
    if (character === '"') quoted = !quoted;
    if (character === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}
