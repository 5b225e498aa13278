/**
 * vitest config for the mutation run (`npm run mutate`, stryker.config.mjs) only: the unit tests of the numeric core
 * and what builds on it, without the suites that spawn `thm` or tsx processes (src/cli, src/simulate, loadHooks,
 * the vitest entry, properties/): they do not cover the mutated folders in-process, so they would only slow every
 * mutant down. Stryker's vitest runner sets pool, workers and coverage itself.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      reporters: ['default'],
      exclude: [
        'node_modules/**',
        'src/cli/**',
        'src/simulate/**',
        'src/bench/**',
        'src/figures/**',
        'src/theorem/loadHooks.test.ts',
        'src/vitest.test.ts',
        'properties/**',
      ],
    },
  }),
);
