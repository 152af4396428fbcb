import { describe, expect, it } from 'vitest';
import { shouldUseColour } from './shouldUseColour.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('shouldUseColour', () => {
  it('colours a terminal and not a pipe', () => {
    expect(shouldUseColour(tty, {})).toBe(true);
    expect(shouldUseColour(pipe, {})).toBe(false);
  });

  it('honours NO_COLOR whatever its value, except empty, even over FORCE_COLOR', () => {
    expect(shouldUseColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColour(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(shouldUseColour(tty, { NO_COLOR: '' })).toBe(true);
    expect(shouldUseColour(pipe, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('lets FORCE_COLOR colour a pipe, but not FORCE_COLOR=0', () => {
    expect(shouldUseColour(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColour(pipe, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('does not colour a dumb terminal', () => {
    expect(shouldUseColour(tty, { TERM: 'dumb' })).toBe(false);
  });
});
