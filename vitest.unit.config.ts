import { defineConfig } from 'vitest/config';

/** Tests that need no broker (unit and SDK-contract): a fast inner loop while editing. `npm test` runs everything. */
export default defineConfig({
  test: { include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'], testTimeout: 10_000 },
});
