import { describe, expect, it } from 'vitest';
import { CliError } from '../program/CliError.js';
import { PinReader, type PinSources } from './PinReader.js';

const SECRET = 'S3cr3t#PIN';

function reader(overrides: Partial<PinSources> & { lines?: string[]; answers?: string[] } = {}) {
  const prompts: string[] = [];
  const answers = [...(overrides.answers ?? [])];
  const sources: PinSources = {
    pinStdin: false,
    env: {},
    interactive: false,
    readStdinLine: async (index) => overrides.lines?.[index],
    promptHidden: async (message) => {
      prompts.push(message);
      return answers.shift() ?? '';
    },
    ...overrides,
  };
  return { pins: new PinReader(sources), prompts };
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`);
  return error;
}

describe('PinReader', () => {
  it('takes --pin-stdin first, then KEYBRIDGE_PIN, then a prompt', async () => {
    expect(await reader({ pinStdin: true, lines: ['from-stdin'], env: { KEYBRIDGE_PIN: 'from-env' } }).pins.currentPin()).toBe('from-stdin');
    expect(await reader({ env: { KEYBRIDGE_PIN: 'from-env' }, interactive: true }).pins.currentPin()).toBe('from-env');
    const prompted = reader({ interactive: true, answers: ['typed'] });
    expect(await prompted.pins.currentPin()).toBe('typed');
    expect(prompted.prompts).toEqual(['PIN of the security key']);
  });

  it('reads the new PIN of pin change from the second line, or KEYBRIDGE_NEW_PIN', async () => {
    const fromStdin = reader({ pinStdin: true, lines: ['old', 'new'] });
    expect(await fromStdin.pins.currentPin()).toBe('old');
    expect(await fromStdin.pins.newPin({ stdinLine: 1, envNames: ['KEYBRIDGE_NEW_PIN'] })).toBe('new');
    const fromEnv = reader({ env: { KEYBRIDGE_PIN: 'old', KEYBRIDGE_NEW_PIN: 'new' } });
    expect(await fromEnv.pins.newPin({ stdinLine: 1, envNames: ['KEYBRIDGE_NEW_PIN'] })).toBe('new');
  });

  it('asks for a new PIN twice at a prompt and refuses two different ones without showing them', async () => {
    const same = reader({ interactive: true, answers: ['abcd', 'abcd'] });
    expect(await same.pins.newPin({ stdinLine: 0, envNames: ['KEYBRIDGE_NEW_PIN'] })).toBe('abcd');
    expect(same.prompts).toEqual(['New PIN', 'The new PIN again']);
    const different = reader({ interactive: true, answers: [SECRET, `${SECRET}x`] });
    const error = await failure(different.pins.newPin({ stdinLine: 0, envNames: ['KEYBRIDGE_NEW_PIN'] }));
    expect(error.code).toBe('PIN_MISMATCH');
    expect(error.message).not.toContain(SECRET);
  });

  it('is a usage error when there is no way to get a PIN', async () => {
    const error = await failure(reader().pins.currentPin());
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/--pin-stdin/);
    expect(error.message).toMatch(/KEYBRIDGE_PIN/);
  });

  it('is a usage error when --pin-stdin finds no line, rather than sending an empty PIN', async () => {
    expect((await failure(reader({ pinStdin: true, lines: [] }).pins.currentPin())).message).toMatch(/line 1/);
    expect((await failure(reader({ pinStdin: true, lines: ['old', ''] }).pins.newPin({ stdinLine: 1, envNames: [] }))).message).toMatch(/line 2/);
  });

  it('ignores an empty KEYBRIDGE_PIN and refuses an empty typed PIN', async () => {
    expect(await reader({ env: { KEYBRIDGE_PIN: '' }, interactive: true, answers: ['typed'] }).pins.currentPin()).toBe('typed');
    expect((await failure(reader({ interactive: true, answers: [''] }).pins.currentPin())).exitCode).toBe(2);
  });
});
