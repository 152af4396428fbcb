import { defineConfig } from 'vitest/config';

// Tests run against the compiled packages (tsc -b runs first), so the bins and the
// interop peers exercise exactly the JavaScript that ships.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // A throwaway PostgreSQL cluster, so that the registry suites run on it as well as on SQLite.
    globalSetup: ['test/globalSetup/postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
