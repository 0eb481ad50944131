import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", "src/.observablehq/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // DuckDB and file-heavy tests: two workers match the two cores.
    pool: "forks",
    maxWorkers: 2,
    globalSetup: ["vitest.global-setup.ts"],
  },
});
