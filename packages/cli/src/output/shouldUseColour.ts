/**
 * Colour only for a terminal, never when NO_COLOR is set (https://no-color.org: any non-empty value) or TERM is
 * "dumb". FORCE_COLOR (non-empty, not "0") turns it on for a pipe, e.g. a CI log that renders ANSI; NO_COLOR wins.
 */
export function shouldUseColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
