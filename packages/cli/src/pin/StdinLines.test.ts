import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StdinLines } from './StdinLines.js';

describe('StdinLines', () => {
  it('answers as soon as the asked line is there, without waiting for the end of an open pipe', async () => {
    const input = new PassThrough();
    const lines = new StdinLines(input);
    input.write('first\r\nsec');
    const first = await lines.line(0);
    expect(first).toBe('first');
    const second = lines.line(1);
    input.write('ond\n');
    expect(await second).toBe('second');
    lines.close();
  });

  it('answers undefined for a line after the end of the input', async () => {
    const input = new PassThrough();
    const lines = new StdinLines(input);
    input.end('only\n');
    expect(await lines.line(0)).toBe('only');
    expect(await lines.line(1)).toBeUndefined();
  });

  it('takes a last line without a newline', async () => {
    const input = new PassThrough();
    const lines = new StdinLines(input);
    input.end('1234');
    expect(await lines.line(0)).toBe('1234');
  });
});
