import { defineConfig } from 'vitest/config';

/**
 * One run, every suite: unit, contract (SDK ↔ emulator) and integration (real broker, registry,
 * PostgreSQL). The global setup resolves or starts the broker and registry once per run.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: integration files share one broker; more workers only add contention.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
