/**
 * Test helpers for `thm` as a real process (src/cli tests): a process per call, an environment whose results store
 * lives in a temp dir (never the checkout's), and tiny theorem files written into a temp folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../theorem/discover.js';

export const toy = (id: string): string => path.join(PROJECT_ROOT, 'src', 'theorem', 'testdata', `${id}.theorem.ts`);

/** CI-like environment: no TTY behaviour, the last-results store under `tmp`, no GitHub or profile variables. */
export function thmEnv(tmp: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', THM_LAST_RESULTS: path.join(tmp, 'last-results.json'), ...extra };
  for (const k of ['GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'THM_PROFILE']) if (!(k in extra)) delete env[k];
  return env;
}

export interface ThmRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

export function thmSync(args: readonly string[], env: NodeJS.ProcessEnv): ThmRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `detached`: in a process group of its own (its pid is the group id), as a shell job that Ctrl-C signals whole. */
export function thmSpawn(args: readonly string[], env: NodeJS.ProcessEnv, o: { detached?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: o.detached === true });
}

/**
 * Write `<dir>/<id>.theorem.ts`: x ∈ [lo/64, hi/64] ⇒ x² ≤ bound on the grid k/64, observing x² (node_modules linked
 * into `dir` so that `fast-check` resolves to the engine's own copy). Holds iff max((lo/64)², (hi/64)²) ≤ bound; the
 * negative control (x ∈ [65/64, 2]) violates any bound ≤ 1.
 */
export function tinyTheorem(dir: string, id: string, o: { status?: 'theorem' | 'conjecture'; lo?: number; hi: number; bound: string }): string {
  const nm = path.join(dir, 'node_modules');
  if (!fs.existsSync(nm)) fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), nm, 'dir');
  const file = path.join(dir, `${id}.theorem.ts`);
  fs.writeFileSync(file, `// test theorem written by src/testing/thm.ts
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
`);
  return file;
}
