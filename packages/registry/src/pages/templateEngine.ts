import { Eta } from 'eta';
import { registryPackagePath } from './registryPackagePath.js';

let engine: Eta | undefined;

/**
 * The pages' template engine: Eta (https://eta.js.org), chosen because it escapes every `<%= %>` by default (raw
 * output needs the visible `<%~ %>`, used only for sanitized HTML and other templates), has layouts and partials,
 * is written in TypeScript, ships ESM, has no dependencies and no install scripts, and is maintained. Templates are
 * the package's templates/ folder, compiled once and cached.
 */
export function templateEngine(): Eta {
  engine ??= new Eta({ views: registryPackagePath('templates'), cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
  return engine;
}
