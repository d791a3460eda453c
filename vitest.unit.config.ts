import { defineConfig } from 'vitest/config';

/** Pure-logic tests only, no broker: a fast inner loop while editing. `npm test` runs everything. */
export default defineConfig({
  test: { include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 },
});
