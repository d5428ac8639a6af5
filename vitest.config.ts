import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // CI also writes a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI === 'true' ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
    pool: 'threads',
    testTimeout: 60_000,
  },
});
