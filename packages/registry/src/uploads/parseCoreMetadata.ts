/** The header fields of a core metadata file (PKG-INFO, METADATA): lower-case field name → every value, in order. */
export type CoreMetadataFields = ReadonlyMap<string, readonly string[]>;

/**
 * Reads the header fields of a core metadata file (RFC 822 style, as packaging.metadata does): `Name: value` lines
 * up to the first empty line, a line starting with whitespace continuing the previous value. Decoded as UTF-8
 * (undecodable bytes become U+FFFD: only the fields compared against the form matter here).
 */
export function parseCoreMetadata(bytes: Uint8Array): CoreMetadataFields {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const fields = new Map<string, string[]>();
  let last: { values: string[]; index: number } | null = null;
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (last) last.values[last.index] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = null;
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    let values = fields.get(name);
    if (!values) fields.set(name, (values = []));
    values.push(value);
    last = { values, index: values.length - 1 };
  }
  return fields;
}
