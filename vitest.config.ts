import { defineConfig } from 'vitest/config';

// Two workers: the machines have two cores. Each test file builds its own app on a fresh database.
export default defineConfig({
  test: {
    include: ['domain/**/*.test.ts', 'server/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
