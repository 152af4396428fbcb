/** A message fit for the HTTP status line: one line of printable ASCII (Node refuses others), at most 300 characters. */
export function statusLine(message: string): string {
  const line = message
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
