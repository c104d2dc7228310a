import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Two cores here and in CI: forks keep memory per test file bounded.
    pool: 'forks',
    testTimeout: 30_000,
  },
});
