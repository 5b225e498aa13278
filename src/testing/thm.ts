/**
 * Running `thm` as a real process in tests, sandboxed: every process gets THM_RESULTS_ROOT = a fresh temporary folder
 * (last-results.json and default fixtures go there, see src/cli/resultsRoot.ts), and after each process the checkout's
 * own results file and fixtures are compared with how they were when the sandbox was made — a test that lets `thm`
 * write into the checkout fails, naming what changed.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
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
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, CI: '1', [RESULTS_ROOT_ENV]: root, ...extra });
  const spawn = (cmd: string, args: string[], o: SpawnSyncOptions): ThmRun => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', ...o });
    const after = checkoutState();
    if (after !== before) throw new Error(`thm wrote into the checkout's results or fixtures:\nbefore:\n${before}\nafter:\n${after}`);
    return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
  };
  const thmWith = (o: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }, ...args: string[]) =>
    spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: o.cwd ?? PROJECT_ROOT, env: env(o.env), timeout: o.timeoutMs ?? timeoutMs });
  return {
    tmp, root, thmWith,
    thm: (...args) => thmWith({}, ...args),
    shell: (line) => spawn('sh', ['-c', line], { cwd: PROJECT_ROOT, env: env(), timeout: timeoutMs }),
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}
