import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'properties/**/*.test.ts'],
    // fc.configureGlobal from FC_SEED / FC_NUM_RUNS; must run before test files are collected.
    setupFiles: ['./src/testing/setup.ts'],
    // vitest 4.1 + @fast-check/vitest costs ~3 s per import of '@fast-check/vitest'; with isolate:true that is
    // paid once per test file. Consequence: module state is shared between files, so
    // no global Decimal state anywhere (each decimal backend owns a Decimal.clone).
    isolate: false,
    pool: 'forks',
    // vitest's default is one worker fewer than the CPUs: on a 2-core CI machine that is ONE worker and the suite runs
    // serially. The tests are CPU-bound and share no files (process tests use a temporary results root, see
    // src/testing/thm.ts), so use every core.
    maxWorkers: os.availableParallelism(),
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // 'default' + a plain closing line "N passed, N failed, N skipped" for log scrapers
    reporters: ['default', './src/testing/summary-reporter.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/bench/**', 'src/testing/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 85 },
    },
  },
});
