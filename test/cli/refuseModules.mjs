// Makes resolving any module whose specifier matches `pattern` throw an Error with `message(specifier)`, for the
// whole process: synchronous hooks (module.registerHooks, Node 22.15+/23.5+) where Node has them, since Node 26
// deprecates module.register (a warning on stderr would break the tests' "nothing on stderr"); module.register
// (an async hooks thread) on Node 20.
import module from 'node:module';

export function refuseModules(pattern, message) {
  if (typeof module.registerHooks === 'function') {
    module.registerHooks({
      resolve(specifier, context, next) {
        if (pattern.test(specifier)) throw new Error(message(specifier));
        return next(specifier, context);
      },
    });
    return;
  }
  module.register(
    'data:text/javascript,' +
      encodeURIComponent(`
        const pattern = new RegExp(${JSON.stringify(pattern.source)});
        const message = ${message.toString()};
        export async function resolve(specifier, context, next) {
          if (pattern.test(specifier)) throw new Error(message(specifier));
          return next(specifier, context);
        }
      `),
  );
}
