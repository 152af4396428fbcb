/** The representations of the Simple API this registry serves, named by the Content-Type they are served with. */
export const SimpleFormat = {
  /** PEP 691 JSON, API version 1.x. */
  json: 'application/vnd.pypi.simple.v1+json',
  /** PEP 503 HTML, asked for by PEP 691's versioned name. */
  html: 'application/vnd.pypi.simple.v1+html',
  /** PEP 503 HTML, asked for as plain HTML (browsers, older clients, no Accept header at all). */
  textHtml: 'text/html',
} as const;

export type SimpleFormat = (typeof SimpleFormat)[keyof typeof SimpleFormat];

/** The Simple API version served (PEP 629's meta tag, PEP 691's meta.api-version): 1.1 adds PEP 700's fields. */
export const simpleApiVersion = '1.1';
