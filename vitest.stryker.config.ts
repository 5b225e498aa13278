/**
 * vitest config for the mutation run (`npm run mutate`, stryker.config.mjs) only: the unit tests of the numeric core
 * and what builds on it, without the suites that spawn `thm` or tsx processes (src/cli, src/simulate, loadHooks,
 * the vitest entry, properties/): they do not cover the mutated folders in-process, so they would only slow every
 * mutant down; nor src/numeric/mpfrGfLimit.test.ts (17,835 fehlberg78 steps at mpfr:50: past the 120 s test timeout
 * once mpfr.ts is instrumented; mpfr.test.ts covers the same kernels). Each group of src/testing/mutate.ts narrows
 * the test files further (`--testFiles`). Stryker's vitest runner sets pool, workers and coverage itself.
 */
import { relative } from 'node:path';
import process from 'node:process';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.js';

/**
 * Test files shortest first (vitest's own order is longest first, for parallel workers). A mutant run has one worker
 * and stops at the first failing test (bail), so a mutant that a quick f64 test kills never waits for a dec:60 suite.
 * Order: last recorded duration, else file size, both ascending.
 */
class ShortestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const cost = (f: TestSpecification): number => {
      const key = `${f.project.name}:${relative(root, f.moduleId)}`;
      const r = this.ctx.cache.getFileTestResults(key);
      // unknown durations after known ones; sizes are bytes, durations ms: the two scales are kept apart
      return r !== undefined ? r.duration : 1e12 + (this.ctx.cache.getFileStats(key)?.size ?? 0);
    };
    return Promise.resolve([...files].sort((a, b) => cost(a) - cost(b)));
  }
}

export default mergeConfig(
  base,
  defineConfig({
    test: {
      reporters: ['default'],
      // groups with `freshModules` (src/testing/mutate.ts): every mutant run imports the modules afresh, so state
      // built once per process (backend caches, dd's exp tables) is rebuilt with the mutant active
      isolate: process.env.STRYKER_FRESH_MODULES === '1',
      sequence: { sequencer: ShortestFirst },
      exclude: [
        'node_modules/**',
        'src/cli/**',
        'src/simulate/**',
        'src/bench/**',
        'src/figures/**',
        'src/theorem/loadHooks.test.ts',
        'src/vitest.test.ts',
        'src/numeric/mpfrGfLimit.test.ts',
        'properties/**',
      ],
    },
  }),
);
