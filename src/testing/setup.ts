import fc from 'fast-check';

// Global fast-check settings from the environment, so that a failing run can be replayed with its printed seed.
const seed = process.env.FC_SEED;
const numRuns = process.env.FC_NUM_RUNS;
fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : {}),
  ...(numRuns !== undefined && numRuns !== '' ? { numRuns: Number(numRuns) } : {}),
});
