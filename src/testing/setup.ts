import fc from 'fast-check';

// Global fast-check settings. Tests are deterministic: a property without its own seed runs with DEFAULT_SEED unless
// FC_SEED is set; FC_SEED=random draws a fresh seed (fast-check prints it on failure, replay with FC_SEED=<seed>).
const DEFAULT_SEED = 20_261_121;
const seedEnv = process.env.FC_SEED;
const numRuns = process.env.FC_NUM_RUNS;
const seed =
  seedEnv === undefined || seedEnv === '' ? DEFAULT_SEED : seedEnv === 'random' ? undefined : Number(seedEnv);
if (seed !== undefined && !Number.isInteger(seed))
  throw new Error(`FC_SEED=${String(seedEnv)}: expected an integer or "random"`);
fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  ...(seed !== undefined ? { seed } : {}),
  ...(numRuns !== undefined && numRuns !== '' ? { numRuns: Number(numRuns) } : {}),
});
