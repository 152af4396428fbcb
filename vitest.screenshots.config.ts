import { defineConfig } from 'vitest/config';

// `npm run screenshots`: PNGs of the main pages for the README (docs/screenshots/), taken in Debian's Chromium.
// Not part of `npm test`; SQLite only, so no PostgreSQL setup.
export default defineConfig({
  test: {
    include: ['test/screenshots/**/*.screenshots.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
