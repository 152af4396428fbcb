/**
 * What SimpleWebAuthn said, for an answer: one line, at most 300 characters (its messages may quote a PEM
 * certificate, or values from the client data).
 */
export function libraryMessage(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return message.length > 300 ? `${message.slice(0, 299)}…` : message;
}
