import { StaticFiles } from './StaticFiles.js';

let loaded: StaticFiles | undefined;

/** The process's static files, read on first use (every registry in the process serves the same ones). */
export function sharedStaticFiles(): StaticFiles {
  loaded ??= new StaticFiles();
  return loaded;
}
