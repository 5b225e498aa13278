/**
 * `npm run bench`: the workloads of src/bench/workloads.ts through the project's own Backend, one JSON line per
 * (workload, backend). Each (workload, backend) runs in its own child process (no JIT cross-talk, timing
 * protocol): warm-up ≥ 1 run and ≥ 1 s, then N timed runs, median reported.
 *
 *   npm run bench                      every default cell (DEFAULT_CELLS, then the single runs of SINGLE_CELLS)
 *   npm run bench -- W1 dd             one cell (what the child processes run)
 *   npm run bench -- W1 dec:100 --single   one timed run, no warm-up (for cells that take minutes), with CPU time
 *   npm run bench -- --workloads W1-engine,logistic-1e6   the default cells of these workloads only
 *   npm run bench -- search [seeds] [cap]  random vs targeted counterexample search on planted false claims
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { initMpfr } from '../numeric/mpfrInit.js';
import { backendFromId } from '../numeric/registry.js';
import type { AnyBackend } from '../numeric/types.js';
import { w1DecimalDirect } from './direct.js';
import { STEPS, W2_POINTS, w1, w1Data, w2, w2Data, w3 } from './workloads.js';
import { extraWorkloads } from './extra.js';
import { mirrorWorkloads } from './mirror.js';

interface Cell {
  run: () => Record<string, string>;
  units: number; // steps (or points) per run, for the rate column
  unitName: string;
}

function cell(workload: string, backendId: string): Cell {
  if (workload === 'W1-direct') {
    const digits = Number(backendId.replace('dec:', ''));
    const data = w1Data();
    return { run: () => w1DecimalDirect(digits, data), units: STEPS, unitName: 'steps_per_s' };
  }
  const extra = extraWorkloads[workload];
  if (extra) return extra(backendFromId(backendId));
  const B: AnyBackend = backendFromId(backendId);
  const show = (o: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, B.show(v)]));
  switch (workload) {
    case 'W1': {
      const data = w1Data();
      return { run: () => show(w1(B, data)), units: STEPS, unitName: 'steps_per_s' };
    }
    case 'W3': {
      const data = w1Data();
      return { run: () => show(w3(B, data)), units: STEPS, unitName: 'steps_per_s' };
    }
    case 'W2': {
      const pts = w2Data();
      return {
        run: () => {
          const { lam0, lamSum } = w2(B, pts);
          return { lam0: B.show(lam0), lam_sum: B.show(lamSum) };
        },
        units: W2_POINTS,
        unitName: 'points_per_s',
      };
    }
    default:
      throw new Error(
        `bench: unknown workload '${workload}' (use W1, W2, W3, W1-direct, ${Object.keys(extraWorkloads).join(', ')})`,
      );
  }
}

/**
 * One timed run without warm-up: wall and process CPU time (the machine is shared; CPU time is the steadier figure).
 */
function single(workload: string, backendId: string): void {
  const c = cell(workload, backendId);
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const final = c.run();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const line = {
    workload,
    backend: backendId,
    wall_ms: Number(ms.toFixed(1)),
    cpu_ms: Number(cpuMs.toFixed(1)),
    runs: 1,
    [c.unitName]: Math.round((c.units / ms) * 1000),
    final,
    load1: loadNow(),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function measure(workload: string, backendId: string): void {
  const c = cell(workload, backendId);
  let final = c.run();
  const warmStart = performance.now();
  while (performance.now() - warmStart < 1000) final = c.run();
  const one = (() => {
    const t = performance.now();
    c.run();
    return performance.now() - t;
  })();
  const runs = one < 50 ? 21 : one > 2000 ? 3 : 5;
  const times: number[] = [one];
  for (let i = 1; i < runs; i++) {
    const t = performance.now();
    c.run();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)]!;
  const line = {
    workload,
    backend: backendId,
    median_ms: Number(median.toFixed(2)),
    min_ms: Number(times[0]!.toFixed(2)),
    max_ms: Number(times[times.length - 1]!.toFixed(2)),
    runs,
    [c.unitName]: Math.round((c.units / median) * 1000),
    final,
    load1: loadNow(),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** The machine's 1-minute load average when a cell finished (the figures are honest only when it is ≈ 1). */
const loadNow = (): number => Number(os.loadavg()[0]!.toFixed(2));

/** Time to a certified counterexample (issue target ≤ 60 s): one timed run, its cost is half a minute. */
const PLANTED = 'referee-planted-1e5';
// logistic GD 10⁵ steps at dec:P beside the mpfr rows (minutes each, so one timed run)
const SINGLE_CELLS: [string, string][] = [
  [PLANTED, 'mpfr:50'],
  ...['dec:34', 'dec:50', 'dec:100'].map((b): [string, string] => ['logistic-1e5', b]),
  // mirror descent / mirror flow on the shallow network (src/bench/mirror.ts): a run to convergence takes minutes
  ['md-linearized-w1e4', 'f64'],
  ['md-linearized-w1e4', 'dd'],
  ['md-linearized-w1e5', 'f64'],
  ['md-linearized-ladder-1e5', 'f64'],
  ['mf-shallow-w1024', 'dd'],
];

/** MPFR beside decimal.js at the same digits (the referee's two implementations). */
const MPFR_ROWS = ['mpfr:34', 'mpfr:50', 'mpfr:100'];

const DEFAULT_CELLS: [string, string][] = [
  ...['W1', 'W2', 'W3'].flatMap((w) => ['f64', 'dd', 'dec:34', 'dec:64'].map((b): [string, string] => [w, b])),
  ...['W1', 'W2', 'W3'].flatMap((w) => [...MPFR_ROWS, 'dec:50', 'dec:100'].map((b): [string, string] => [w, b])),
  // logistic GD 10⁵ steps: mpfr here, dec:P as single runs (SINGLE_CELLS)
  ...MPFR_ROWS.map((b): [string, string] => ['logistic-1e5', b]),
  ['W1-direct', 'dec:34'],
  ['W1-direct', 'dec:64'],
  // the order-6 jet beside one gradient at the referee's working precision
  ['jet6-mlp-8-32-72-4', 'dec:50'],
  ['grad-mlp-8-32-72-4', 'dec:50'],
  ...Object.keys(extraWorkloads)
    .filter((w) => w !== PLANTED && !Object.hasOwn(mirrorWorkloads, w))
    .flatMap((w) => ['f64', 'dd'].map((b): [string, string] => [w, b])),
];

/** Significant digits on which x agrees with the reference r: −log10(|x − r|/|r|), capped at the reference's own. */
function agreeDigits(x: string, r: string): number {
  const D = Decimal.clone({ precision: 200 });
  const a = new D(x);
  const b = new D(r);
  if (a.eq(b)) return REFERENCE_DIGITS;
  const rel = a.minus(b).abs().div(b.abs());
  return Math.min(REFERENCE_DIGITS, Number((-Math.log10(rel.toNumber())).toFixed(1)));
}

/** The reference: the same algorithm at dec:150 (an MPFR run at 150 digits agrees to the digits printed). */
const REFERENCE_DIGITS = 150;
const REFERENCE_BACKEND = 'dec:150';

const args = process.argv.slice(2);
// `--workloads a,b`: only the default cells of these workloads (to rerun part of the table)
const only = args[0] === '--workloads' ? new Set((args[1] ?? '').split(',').filter((w) => w !== '')) : undefined;
if (only !== undefined) {
  const known = new Set([...DEFAULT_CELLS, ...SINGLE_CELLS].map(([w]) => w));
  const unknown = [...only].filter((w) => !known.has(w));
  if (only.size === 0 || unknown.length > 0) {
    process.stderr.write(
      `bench: --workloads needs a comma-separated list of ${[...known].join(', ')}` +
        (unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : '') +
        '\n',
    );
    process.exit(2);
  }
}
const [workload, backendId, mode] = only === undefined ? args : [];
const selected = ([w]: [string, string]): boolean => only === undefined || only.has(w);
if (backendId?.startsWith('mpfr:')) await initMpfr();
if (workload === 'search') {
  // random vs targeted counterexample search on planted false claims (src/bench/search/bench.ts)
  const { searchBench } = await import('./search/bench.js');
  await searchBench(
    backendId !== undefined ? Number(backendId) : undefined,
    mode !== undefined ? Number(mode) : undefined,
  );
} else if (workload && backendId) {
  if (mode === '--once') process.stdout.write(`${JSON.stringify(cell(workload, backendId).run())}\n`);
  else if (mode === '--single') single(workload, backendId);
  else measure(workload, backendId);
} else {
  const self = fileURLToPath(import.meta.url);
  const child = (args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', self, ...args], { encoding: 'utf8' });
  const reference: Record<string, Record<string, string>> = {};
  for (const [w, b] of DEFAULT_CELLS.filter(selected)) {
    const line = JSON.parse(child([w, b])) as { workload: string; final: Record<string, string> };
    const base = w.replace(/-(direct|engine)$/, '');
    if (['W1', 'W2', 'W3'].includes(base)) {
      reference[base] ??= JSON.parse(child([base, REFERENCE_BACKEND, '--once'])) as Record<string, string>;
      const ref = reference[base];
      (line as Record<string, unknown>)['agree_digits'] = Object.fromEntries(
        Object.entries(line.final).map(([k, v]) => [k, ref[k] === undefined ? null : agreeDigits(v, ref[k])]),
      );
    }
    process.stdout.write(`${JSON.stringify({ ...line, load1: loadNow() })}\n`);
  }
  for (const [w, b] of SINGLE_CELLS.filter(selected)) {
    const line = JSON.parse(child([w, b, '--single'])) as Record<string, unknown>;
    process.stdout.write(`${JSON.stringify({ ...line, load1: loadNow() })}\n`);
  }
}
