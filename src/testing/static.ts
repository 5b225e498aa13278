/**
 * The static checks of `npm test` (tsc, eslint, prettier --check) run side by side: each is one process that keeps one
 * core busy, so on two cores running them one after another doubles their wall time. Each check's output is printed
 * whole, in a fixed order, after all have finished; the exit code is non-zero when any check failed.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../theorem/discover.js';

interface Check {
  readonly name: string;
  /** a package's bin script, resolved from this project's node_modules */
  readonly pkg: string;
  readonly bin: string;
  readonly args: readonly string[];
}

const CHECKS: readonly Check[] = [
  { name: 'tsc --noEmit', pkg: 'typescript', bin: 'bin/tsc', args: ['--noEmit'] },
  { name: 'eslint .', pkg: 'eslint', bin: 'bin/eslint.js', args: ['.'] },
  { name: 'prettier --check .', pkg: 'prettier', bin: 'bin/prettier.cjs', args: ['--check', '.'] },
];

const require = createRequire(import.meta.url);

function binPath(c: Check): string {
  return path.join(path.dirname(require.resolve(`${c.pkg}/package.json`)), c.bin);
}

function run(c: Check): Promise<{ code: number; out: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath(c), ...c.args], { cwd: PROJECT_ROOT, env: process.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => resolve({ code: 1, out: `${out}${e.message}\n`, ms: Date.now() - t0 }));
    child.on('close', (code) => resolve({ code: code ?? 1, out, ms: Date.now() - t0 }));
  });
}

const results = await Promise.all(CHECKS.map(run));
let failed = 0;
CHECKS.forEach((c, i) => {
  const r = results[i]!;
  const status = r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`;
  process.stdout.write(`${c.name}: ${status} in ${(r.ms / 1000).toFixed(1)} s\n`);
  // a passing prettier only says so; everything else (eslint warnings, any failure) is shown
  const quiet = r.code === 0 && c.pkg === 'prettier';
  if (!quiet && r.out !== '') process.stdout.write(r.out.endsWith('\n') ? r.out : `${r.out}\n`);
  if (r.code !== 0) failed++;
});
process.exitCode = failed === 0 ? 0 : 1;
