import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one throwaway PostgreSQL for the whole run (or ELECTRIFY_TEST_DATABASE_URL); see docs/test-harness.md
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
