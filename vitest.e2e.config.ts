import { defineConfig } from 'vitest/config';

// Browser journeys run one file at a time against one server started by the global setup.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default: too short for a page loading on a busy CI machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
