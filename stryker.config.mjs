// Mutation testing of the numeric core (issue #18 item 7). Run through `npm run mutate` (src/testing/mutate.ts),
// which runs one Stryker process per group of files with its own incremental file, so an interrupted or partial run
// keeps what the finished groups measured. Not part of `npm test` / .ci/run: a nightly job.
import process from 'node:process';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  // each mutant runs only the tests that executed it in the dry run
  coverageAnalysis: 'perTest',
  concurrency: 1,
  incremental: true,
  // Static mutants (module-level constants, e.g. the LOSSES table) have no per-test coverage, so each one reruns every
  // related test (~70 s here); `npm run mutate -- --static` and the groups marked `freshModules` in
  // src/testing/mutate.ts include them (Stryker's CLI cannot turn a boolean option off: mutate.ts sets an env var).
  ignoreStatic: process.env.STRYKER_RUN_STATIC !== '1',
  mutate: [
    'src/numeric/**/*.ts',
    'src/dynamics/**/*.ts',
    'src/flow/**/*.ts',
    'src/losses/**/*.ts',
    'src/objective/objective.ts',
    'src/theorem/claims.ts',
    'src/theorem/referee.ts',
    'src/theorem/verify.ts',
    '!**/*.test.ts',
  ],
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Stryker's timeout for a mutant is timeoutFactor · (its covering tests' dry-run time) + timeoutMS; a mutant that
  // times out counts as detected. Endless loops in instrumented code are cut by Stryker's hit limit; what is left
  // (a loop in decimal.js fed a mutated argument) waits the full timeout, so it is kept short. The factor leaves
  // room for a machine whose load changes between the dry run and the mutant run.
  timeoutMS: 10_000,
  timeoutFactor: 2.5,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
