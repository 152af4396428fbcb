import { describe, expect, it } from 'vitest';
import { CliError } from '../program/CliError.js';
import { setPypircRepository } from './setPypircRepository.js';

const values = { repository: 'http://localhost:8080/legacy/', username: '__token__', password: 'kbr-new' };
const set = (text: string) => setPypircRepository(text, '/home/u/.pypirc', 'localhost-8080', values);

describe('setPypircRepository', () => {
  it('writes a new file with the section listed in [distutils], keeping the index servers twine assumed', () => {
    expect(set('')).toBe(
      '[distutils]\nindex-servers =\n    pypi\n    testpypi\n    localhost-8080\n\n[localhost-8080]\nrepository = http://localhost:8080/legacy/\nusername = __token__\npassword = kbr-new\n',
    );
  });

  it('replaces the values of an existing section and keeps every other line, comment and section as it was', () => {
    const others = ['# my settings', '[distutils]', 'index-servers = pypi localhost-8080', '', '[pypi]', 'username: __token__', 'password = pypi-secret', ''];
    const before = [...others, '[localhost-8080]', 'repository = http://old/legacy/', 'password = kbr-old', '  continued', 'ca_cert = /etc/ca.pem', ''].join('\n');
    const after = set(before);
    expect(after).toBe(
      [...others, '[localhost-8080]', 'ca_cert = /etc/ca.pem', 'repository = http://localhost:8080/legacy/', 'username = __token__', 'password = kbr-new', ''].join('\n'),
    );
    expect(set(after)).toBe(after);
  });

  it('adds the section to an index-servers list written over several lines, or to a [distutils] without one', () => {
    expect(set('[distutils]\nindex-servers =\n  pypi\n  private\n\n[private]\nrepository = https://p/\n')).toMatch(
      /^\[distutils\]\nindex-servers =\n {2}pypi\n {2}private\n {4}localhost-8080\n\n\[private\]\nrepository = https:\/\/p\/\n\n\[localhost-8080\]\n/,
    );
    expect(set('[distutils]\n[pypi]\nusername = x\n')).toMatch(/^\[distutils\]\nindex-servers =\n {4}pypi\n {4}testpypi\n {4}localhost-8080\n\[pypi\]\nusername = x\n\n\[localhost-8080\]\n/);
  });

  it.each([
    ['a value before any section', 'password = x\n', 1],
    ['a line that is nothing INI knows', '[pypi]\nthis is not ini\n', 2],
    ['a section twice', '[pypi]\n[pypi]\n', 2],
    ['an indented line that continues nothing', '[pypi]\n  floating\n', 2],
  ])('refuses a file with %s, naming the line', (_what, text, line) => {
    let error: unknown;
    try {
      set(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('PYPIRC_INVALID');
    expect((error as CliError).message).toMatch(new RegExp(`^/home/u/\\.pypirc is not valid INI \\(line ${line}: .+\\): fix it, nothing was written$`));
  });
});
