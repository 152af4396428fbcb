import { CliError } from '../program/CliError.js';

/** One line of the file, as configparser reads it. */
type Line =
  | { kind: 'other'; text: string }
  | { kind: 'section'; text: string; name: string }
  | { kind: 'key'; text: string; key: string; section: string }
  | { kind: 'continuation'; text: string; key: string; section: string };

const sectionPattern = /^\[([^\]]+)\]\s*$/;
const keyPattern = /^([^\s=:][^=:]*?)\s*[=:]/;

/** The lines of a .pypirc, or a one-line error naming the first line configparser would refuse (nothing is changed then). */
function parse(text: string, path: string): Line[] {
  const lines: Line[] = [];
  const seen = new Set<string>();
  let section: string | undefined;
  let key: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const invalid = (why: string) => new CliError('PYPIRC_INVALID', `${path} is not valid INI (line ${index + 1}: ${why}): fix it, nothing was written`);
    const header = sectionPattern.exec(raw);
    const keyed = keyPattern.exec(raw);
    if (raw.trim() === '' || /^\s*[#;]/.test(raw)) {
      lines.push({ kind: 'other', text: raw });
    } else if (header) {
      section = header[1]!;
      key = undefined;
      if (seen.has(section)) throw invalid(`section [${section}] appears twice`);
      seen.add(section);
      lines.push({ kind: 'section', text: raw, name: section });
    } else if (/^\s/.test(raw)) {
      if (section === undefined || key === undefined) throw invalid('an indented line that continues no value');
      lines.push({ kind: 'continuation', text: raw, key, section });
    } else if (keyed) {
      if (section === undefined) throw invalid('a value before any [section]');
      key = keyed[1]!.toLowerCase();
      lines.push({ kind: 'key', text: raw, key, section });
    } else {
      throw invalid('neither a [section], a "name = value", nor a comment');
    }
  });
  while (lines.length > 0 && lines[lines.length - 1]!.text === '') lines.pop();
  return lines;
}

/** Where `section`'s lines end (the index after its last key or continuation), or -1 when there is no such section. */
function sectionEnd(lines: readonly Line[], section: string): number {
  const start = lines.findIndex((line) => line.kind === 'section' && line.name === section);
  if (start < 0) return -1;
  let end = start + 1;
  for (let index = start + 1; index < lines.length && lines[index]!.kind !== 'section'; index += 1) {
    if (lines[index]!.kind !== 'other') end = index + 1;
  }
  return end;
}

/**
 * `text` (a ~/.pypirc, maybe empty) with a section `name` holding `values` (replacing those keys if it had them) and
 * `name` listed in [distutils] index-servers, which twine reads to find it. Every other line stays as it was; the
 * index servers twine assumed without the list (pypi, testpypi) are kept when the list is new.
 */
export function setPypircRepository(text: string, path: string, name: string, values: Readonly<Record<string, string>>): string {
  let lines = parse(text, path);
  const keys = new Set(Object.keys(values));
  lines = lines.filter((line) => !((line.kind === 'key' || line.kind === 'continuation') && line.section === name && keys.has(line.key)));
  const entries: Line[] = Object.entries(values).map(([key, value]) => ({ kind: 'key', text: `${key} = ${value}`, key, section: name }));
  const end = sectionEnd(lines, name);
  if (end < 0) lines.push(...(lines.length > 0 ? [{ kind: 'other' as const, text: '' }] : []), { kind: 'section', text: `[${name}]`, name }, ...entries);
  else lines.splice(end, 0, ...entries);

  const listed = lines.filter((line) => (line.kind === 'key' || line.kind === 'continuation') && line.section === 'distutils' && line.key === 'index-servers');
  const servers = listed.map((line) => line.text.replace(line.kind === 'key' ? keyPattern : /^/, '')).join(' ').split(/\s+/);
  if (!servers.includes(name)) {
    const server = (entry: string): Line => ({ kind: 'continuation', text: `    ${entry}`, key: 'index-servers', section: 'distutils' });
    if (listed.length > 0) {
      lines.splice(lines.indexOf(listed[listed.length - 1]!) + 1, 0, server(name));
    } else {
      const list: Line[] = [{ kind: 'key', text: 'index-servers =', key: 'index-servers', section: 'distutils' }, ...['pypi', 'testpypi', name].map(server)];
      const distutils = lines.findIndex((line) => line.kind === 'section' && line.name === 'distutils');
      if (distutils >= 0) lines.splice(distutils + 1, 0, ...list);
      else lines.unshift({ kind: 'section', text: '[distutils]', name: 'distutils' }, ...list, { kind: 'other', text: '' });
    }
  }
  return `${lines.map((line) => line.text).join('\n')}\n`;
}
