/**
 * `npm run mutate [-- <group>… | --report | --static | --force]`: mutation testing of the numeric core with Stryker
 * (config in stryker.config.mjs). One Stryker process per group, each with its own incremental file
 * reports/stryker-incremental-<group>.json (committed): Stryker writes that file only when a run completes and it
 * holds only the files of that run, so per-group files let a partial nightly run keep what finished and let reruns
 * retest only mutants whose code or covering tests changed. Ends with the score per folder over every group's report.
 * Nightly job, not part of `npm test` or .ci/run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { addReport, folderScores, scoreTable, type Counts } from './mutationScore.js';

const NOT_TESTS = ['!**/*.test.ts', '!**/*.testkit.ts'];

/** A group: the files it mutates and, optionally, the only test files whose tests may kill its mutants. */
export interface Group {
  readonly mutate: readonly string[];
  /**
   * Test files (globs) passed to Stryker's `--testFiles`: the group's own unit and law suites. Without it every test
   * file vitest finds related to the mutated files runs, and for a folder the whole engine imports (src/flow,
   * src/dynamics, src/numeric) that means slow theorem-level suites of other folders cover each mutant (flow: 25 test
   * files, ~15 s a mutant). A mutant only those suites kill counts as survived: the unit suites should kill it.
   */
  readonly tests?: readonly string[];
  /**
   * Run each mutant against freshly imported modules: static mutants too (Stryker's `ignoreStatic: false`) and
   * vitest's `isolate: true` (env STRYKER_FRESH_MODULES, read by vitest.stryker.config.ts). For code that runs once
   * per process: the dd, dec and mpfr backend objects built when a test file is imported (`ddBackend()`, the
   * per-precision caches of `decBackend`/`mpfrBackend`), which Stryker's runtime activation (in `beforeAll`, after
   * the import) never reaches, and tables or kernel caches built on first use (dd's exp tables, mpfr's per-op
   * kernels), which without isolation survive from the dry run into every mutant run. Without it such mutants
   * "survive" although the law suites kill them (README, Mutation testing).
   */
  readonly freshModules?: boolean;
}

/**
 * Groups in run order; src/numeric, src/flow and src/dynamics are split so each part fits a nightly slot (a group's
 * incremental file is written only when its run completes). The groups measured before `tests` existed (losses …
 * objective) keep every related test file.
 */
export const GROUPS: Readonly<Record<string, Group>> = {
  losses: { mutate: ['src/losses/**/*.ts'] },
  claims: { mutate: ['src/theorem/claims.ts'] },
  referee: { mutate: ['src/theorem/referee.ts', 'src/theorem/verify.ts'] },
  phases: { mutate: ['src/theorem/phases/*.ts'] },
  objective: { mutate: ['src/objective/objective.ts'] },
  // the law suites and oracles (code the tests call to check solvers and steppers) are groups of their own, so that
  // the integrators and steppers themselves fit a short slot
  // src/flow file by file: at 5 mutants a minute (a loaded 2-core machine) its 625 mutants need two hours, and a
  // group's results are kept only when its run completes
  'flow-save': { mutate: ['src/flow/save.ts'], tests: ['src/flow/*.test.ts'] },
  'flow-controller': { mutate: ['src/flow/controller.ts'], tests: ['src/flow/*.test.ts'] },
  'flow-gf': { mutate: ['src/flow/gradientFlow.ts', 'src/flow/gfLimit.ts'], tests: ['src/flow/*.test.ts'] },
  'flow-integrate': { mutate: ['src/flow/integrate.ts'], tests: ['src/flow/*.test.ts'] },
  'flow-rk': {
    mutate: ['src/flow/rk.ts', 'src/flow/solvers.ts', 'src/flow/tableaus.ts', 'src/flow/types.ts', 'src/flow/index.ts'],
    tests: ['src/flow/*.test.ts'],
  },
  'flow-laws': {
    mutate: ['src/flow/laws.ts', 'src/flow/oracles.ts', 'src/flow/orderConditions.ts'],
    tests: ['src/flow/*.test.ts'],
  },
  // src/dynamics (≈ 730 mutants) in three parts for the same reason: the driver and its plumbing, the fixed-step
  // steppers, and the adaptive ones with their step rules
  'dynamics-run': {
    mutate: [
      'src/dynamics/run.ts',
      'src/dynamics/save.ts',
      'src/dynamics/json.ts',
      'src/dynamics/types.ts',
      'src/dynamics/index.ts',
    ],
    tests: ['src/dynamics/*.test.ts'],
  },
  'dynamics-steppers': {
    mutate: [
      'src/dynamics/gd.ts',
      'src/dynamics/heavyBall.ts',
      'src/dynamics/nesterov.ts',
      'src/dynamics/mirrorDescent.ts',
      'src/dynamics/sgd.ts',
      'src/dynamics/sgdIndexed.ts',
      'src/dynamics/sgdmNormalized.ts',
      'src/dynamics/depthwiseGd.ts',
      'src/dynamics/fused.ts',
      'src/dynamics/fusedLogisticGd.ts',
    ],
    tests: ['src/dynamics/*.test.ts'],
  },
  'dynamics-adaptive': {
    mutate: [
      'src/dynamics/adaptiveSgd.ts',
      'src/dynamics/adaptiveEntries.ts',
      'src/dynamics/stepField.ts',
      'src/dynamics/stepRules.ts',
      'src/dynamics/stepRuleBalls.ts',
    ],
    tests: ['src/dynamics/*.test.ts'],
  },
  'dynamics-rng': { mutate: ['src/dynamics/rng.ts'] },
  'dynamics-laws': { mutate: ['src/dynamics/laws.ts'], tests: ['src/dynamics/*.test.ts'] },
  'numeric-f64': {
    mutate: [
      'src/numeric/build.ts',
      'src/numeric/types.ts',
      'src/numeric/f64.ts',
      'src/numeric/exact.ts',
      'src/numeric/rational.ts',
      'src/numeric/registry.ts',
      'src/numeric/packed.ts',
      'src/numeric/laws.ts',
      'src/numeric/index.ts',
    ],
    tests: ['src/numeric/*.test.ts'],
  },
  'numeric-dd': { mutate: ['src/numeric/dd*.ts'], tests: ['src/numeric/*.test.ts'], freshModules: true },
  'numeric-dec': {
    mutate: ['src/numeric/decimal.ts', 'src/numeric/mpfr.ts', 'src/numeric/mpfrInit.ts'],
    tests: ['src/numeric/*.test.ts'],
    freshModules: true,
  },
};

export const incrementalFile = (group: string): string => path.join('reports', `stryker-incremental-${group}.json`);

function usage(msg: string): never {
  process.stderr.write(
    `mutate: ${msg}; usage: npm run mutate [-- --static] [-- --report] [-- --force] [-- <group>…] (groups: ${Object.keys(GROUPS).join(', ')})\n`,
  );
  process.exit(2);
}

function main(argv: readonly string[]): number {
  const flags = argv.filter((a) => a.startsWith('--'));
  const groups = argv.filter((a) => !a.startsWith('--'));
  for (const f of flags) if (f !== '--static' && f !== '--report' && f !== '--force') usage(`unknown option ${f}`);
  for (const g of groups) if (!Object.hasOwn(GROUPS, g)) usage(`unknown group ${JSON.stringify(g)}`);
  const toRun = flags.includes('--report') ? [] : groups.length > 0 ? groups : Object.keys(GROUPS);
  const stryker = path.join(PROJECT_ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  let failed = 0;
  for (const g of toRun) {
    const group = GROUPS[g];
    if (group === undefined) continue;
    const mutate = [...group.mutate, ...NOT_TESTS].join(',');
    const args = [stryker, 'run', '--mutate', mutate, '--incrementalFile', incrementalFile(g)];
    if (group.tests !== undefined) args.push('--testFiles', group.tests.join(','));
    // --force: retest every mutant of the group (Stryker's --force), e.g. after a change of these settings
    if (flags.includes('--force')) args.push('--force');
    const fresh = group.freshModules === true;
    const runStatic = flags.includes('--static') || fresh;
    const env = { ...process.env, STRYKER_RUN_STATIC: runStatic ? '1' : '0', STRYKER_FRESH_MODULES: fresh ? '1' : '0' };
    process.stdout.write(
      `\n== mutate ${g}${fresh ? ' (fresh modules)' : runStatic ? ' (static mutants too)' : ''}: stryker ${args.slice(1).join(' ')}\n`,
    );
    const r = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, stdio: 'inherit', env });
    if (r.status !== 0) {
      failed++;
      process.stderr.write(
        `mutate: group ${g} failed (exit ${String(r.status ?? r.signal)}); its incremental file is unchanged\n`,
      );
      // interrupted (Ctrl-C, kill): stop here instead of starting the next group
      if (r.signal !== null || r.status === 130 || r.status === 143) break;
    }
  }
  const acc = new Map<string, Counts>();
  const missing: string[] = [];
  for (const g of Object.keys(GROUPS)) {
    const file = path.join(PROJECT_ROOT, incrementalFile(g));
    if (!fs.existsSync(file)) {
      missing.push(g);
      continue;
    }
    addReport(acc, JSON.parse(fs.readFileSync(file, 'utf8')), incrementalFile(g));
  }
  process.stdout.write(
    `\nMutation score per folder (reports/stryker-incremental-*.json):\n${scoreTable(folderScores(acc))}\n`,
  );
  if (missing.length > 0) process.stdout.write(`not yet measured (no incremental file): ${missing.join(', ')}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
