/**
 * Running `thm` as a real process in tests, sandboxed: every process gets THM_RESULTS_ROOT = a fresh temporary folder
 * (last-results.json and default fixtures go there, see src/cli/resultsRoot.ts), and after each process the checkout's
 * own results file and fixtures are compared with how they were when the sandbox was made — a test that lets `thm`
 * write into the checkout fails, naming what changed.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { RESULTS_ROOT_ENV } from '../cli/resultsRoot.js';

export interface ThmRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

export const MAIN = path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts');
/** tsx by absolute URL, so `thm` also starts from a folder with no node_modules. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The checkout's results and fixtures as a comparable text: each file with its size and mtime. */
export function checkoutState(root: string = PROJECT_ROOT): string {
  const lines: string[] = [];
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      lines.push(`${path.relative(root, p)} absent`);
      return;
    }
    if (st.isDirectory()) {
      for (const f of fs.readdirSync(p).sort()) visit(path.join(p, f));
    } else {
      lines.push(`${path.relative(root, p)} ${st.size} ${st.mtimeMs}`);
    }
  };
  visit(path.join(root, '.tmp', 'thm'));
  visit(path.join(root, 'fixtures', 'counterexamples'));
  return lines.join('\n');
}

export interface Sandbox {
  /** Temporary folder for the test's own files; removed by cleanup(). */
  readonly tmp: string;
  /** The results root the processes use (inside tmp). */
  readonly root: string;
  /** `thm ...args` from the checkout (so relative paths like src/theorem/testdata/… resolve). */
  thm(...args: string[]): ThmRun;
  /** `thm` with other spawn options (cwd, env added to the sandbox's). */
  thmWith(o: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }, ...args: string[]): ThmRun;
  /** A shell command line (e.g. a re-run line the tool printed), run from the checkout in the sandbox. */
  shell(line: string): ThmRun;
  cleanup(): void;
}

export function sandbox(prefix: string, timeoutMs = 90_000): Sandbox {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const root = path.join(tmp, 'results-root');
  fs.mkdirSync(root);
  const before = checkoutState();
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    CI: '1',
    [RESULTS_ROOT_ENV]: root,
    ...extra,
  });
  const spawn = (cmd: string, args: string[], o: SpawnSyncOptions): ThmRun => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', ...o });
    const after = checkoutState();
    if (after !== before)
      throw new Error(`thm wrote into the checkout's results or fixtures:\nbefore:\n${before}\nafter:\n${after}`);
    return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
  };
  const thmWith = (o: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }, ...args: string[]) =>
    spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: o.cwd ?? PROJECT_ROOT,
      env: env(o.env),
      timeout: o.timeoutMs ?? timeoutMs,
    });
  return {
    tmp,
    root,
    thmWith,
    thm: (...args) => thmWith({}, ...args),
    shell: (line) => spawn('sh', ['-c', line], { cwd: PROJECT_ROOT, env: env(), timeout: timeoutMs }),
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

// ---- lighter helpers: an environment with a temporary results root, processes, toy theorem files ----------------

/** Where `thm` keeps the last results under the results root `root` (src/cli/resultsRoot.ts). */
export const lastResultsIn = (root: string): string => path.join(root, '.tmp', 'thm', 'last-results.json');

export const toy = (id: string): string => path.join(PROJECT_ROOT, 'src', 'theorem', 'testdata', `${id}.theorem.ts`);

/**
 * CI-like environment: no TTY behaviour, the results root (last results, default fixtures) is `tmp`, no GitHub or
 * profile variables.
 */
export function thmEnv(tmp: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', [RESULTS_ROOT_ENV]: tmp, ...extra };
  for (const k of ['GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'THM_PROFILE']) if (!(k in extra)) delete env[k];
  return env;
}

export function thmSync(args: readonly string[], env: NodeJS.ProcessEnv): ThmRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `detached`: in a process group of its own (its pid is the group id), as a shell job that Ctrl-C signals whole. */
export function thmSpawn(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  o: { detached?: boolean } = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: o.detached === true,
  });
}

/**
 * Write `<dir>/<id>.theorem.ts`: x ∈ [lo/64, hi/64] ⇒ x² ≤ bound on the grid k/64, observing x² (node_modules linked
 * into `dir` so that `fast-check` resolves to the engine's own copy). Holds iff max((lo/64)², (hi/64)²) ≤ bound; the
 * negative control (x ∈ [65/64, 2]) violates any bound ≤ 1.
 */
export function tinyTheorem(
  dir: string,
  id: string,
  o: { status?: 'theorem' | 'conjecture'; lo?: number; hi: number; bound: string },
): string {
  const nm = path.join(dir, 'node_modules');
  if (!fs.existsSync(nm)) fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), nm, 'dir');
  const file = path.join(dir, `${id}.theorem.ts`);
  fs.writeFileSync(
    file,
    `// test theorem written by src/testing/thm.ts
import fc from 'fast-check';
import { claims, defineTheorem } from ${JSON.stringify(path.join(PROJECT_ROOT, 'src', 'theorem', 'api.ts'))};

const grid = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => ({ x: String(k / 64) }));

export default defineTheorem({
  id: ${JSON.stringify(id)},
  title: 'x^2 <= ${o.bound} for x in [${o.lo ?? -o.hi}/64, ${o.hi}/64]',
  status: ${JSON.stringify(o.status ?? 'theorem')},
  kind: 'upper',
  claim: String.raw\`${o.lo ?? -o.hi}/64 \\le x \\le ${o.hi}/64 \\implies x^2 \\le ${o.bound}\`,
  refs: [{ key: 'folklore', where: 'test' }],
  hypotheses: grid(${o.lo ?? -o.hi}, ${o.hi}),
  violations: grid(65, 128),
  evaluate(B, { x }) {
    const v = B.num(x);
    const x2 = B.mul(v, v);
    return { claims: [claims.le(B, x2, B.num(${JSON.stringify(o.bound)}), claims.roundoff(B, 2, x2), 'x^2<=c')], observed: { x2: B.show(x2) } };
  },
});
`,
  );
  return file;
}
