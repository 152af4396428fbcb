/**
 * Multi-label public suffixes (from the Public Suffix List) common enough to matter for a WebAuthn client that
 * ships no full list: suffixes under which anyone can register a name, so no site may claim them as its RP ID.
 * Single-label names (com, org, uk…) are public by rule, so they need no entry.
 */
const MULTI_LABEL_PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  // Country second levels.
  'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'ac.uk', 'gov.uk', 'nhs.uk', 'sch.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'id.au',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp',
  'co.nz', 'org.nz', 'net.nz', 'com.br', 'net.br', 'org.br', 'com.cn', 'net.cn', 'org.cn',
  'co.in', 'net.in', 'org.in', 'co.kr', 'or.kr', 'co.za', 'org.za', 'com.mx', 'com.tr', 'com.tw', 'com.hk',
  'com.sg', 'com.ar', 'co.il', 'com.es', 'com.pl',
  // Hosting platforms that give every customer a subdomain.
  'github.io', 'gitlab.io', 'pages.dev', 'workers.dev', 'netlify.app', 'vercel.app', 'web.app', 'firebaseapp.com',
  'herokuapp.com', 'appspot.com', 'blogspot.com', 'azurewebsites.net', 'cloudfront.net', 's3.amazonaws.com',
  'glitch.me', 'onrender.com', 'fly.dev', 'ngrok.io', 'ngrok-free.app',
]);

/**
 * Whether `domain` (lower-case ASCII, no trailing dot) is a public suffix by the built-in rules: any single-label
 * name except "localhost", or one of a short list of multi-label suffixes. Not the whole Public Suffix List:
 * pass a full implementation to WebAuthnClient when that matters.
 */
export function isBuiltInPublicSuffix(domain: string): boolean {
  if (!domain.includes('.')) return domain !== 'localhost';
  return MULTI_LABEL_PUBLIC_SUFFIXES.has(domain);
}
