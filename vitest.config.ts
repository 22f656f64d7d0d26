import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Pin time zone and locale so dates and number formatting are deterministic.
    env: { TZ: 'UTC', LC_ALL: 'C' },
    pool: 'forks',
  },
})
