import { describe, expect, it } from 'vitest';
import { parseRegistryArguments } from './parseRegistryArguments.js';
import { RegistryUsageError } from './RegistryUsageError.js';

describe('parseRegistryArguments', () => {
  it('parses each command', () => {
    expect(parseRegistryArguments(['serve'])).toEqual({ action: 'serve', workers: 1 });
    expect(parseRegistryArguments(['serve', '--workers', '4'])).toEqual({ action: 'serve', workers: 4 });
    expect(parseRegistryArguments(['migrate'])).toEqual({ action: 'migrate' });
    expect(parseRegistryArguments(['create-admin', '--username', 'root'])).toEqual({ action: 'create-admin', username: 'root' });
    expect(parseRegistryArguments(['create-admin', '--username=root'])).toEqual({ action: 'create-admin', username: 'root' });
    expect(parseRegistryArguments(['--help'])).toEqual({ action: 'help' });
    expect(parseRegistryArguments(['serve', '-h'])).toEqual({ action: 'help' });
    expect(parseRegistryArguments(['--version'])).toEqual({ action: 'version' });
  });

  it.each([
    [[], 'a command is required: serve, migrate or create-admin'],
    [['launch'], 'unknown command "launch" (expected serve, migrate or create-admin)'],
    [['serve', 'now'], 'unexpected argument "now"'],
    [['serve', '--workers', '0'], '--workers must be a number from 1 to 256, not "0"'],
    [['serve', '--workers', 'two'], '--workers must be a number from 1 to 256, not "two"'],
    [['migrate', '--workers', '2'], '--workers is only for serve'],
    [['serve', '--port', '80'], "Unknown option '--port'"],
    [['create-admin'], 'create-admin needs --username'],
    [['create-admin', '--username'], "Option '--username <value>' argument missing"],
    [['migrate', '--username', 'x'], '--username is only for create-admin'],
  ])('refuses %j', (args, message) => {
    expect(() => parseRegistryArguments(args)).toThrow(RegistryUsageError);
    expect(() => parseRegistryArguments(args)).toThrow(message);
  });
});
