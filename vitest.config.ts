import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one throwaway PostgreSQL for the whole run (or ELECTRIFY_TEST_DATABASE_URL); see docs/test-harness.md
    globalSetup: ['test/harness/global-setup.ts'],
    // a guard against hangs, not a speed check: an end-to-end test runs Prisma up to three times, ~10 s
    // each on a loaded 2-core machine
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
})
