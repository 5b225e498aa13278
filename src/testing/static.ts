/**
 * `npm test`: the type check (tsc) side by side with the test command given after `--` (vitest): tsc keeps one core
 * busy for about half a minute, so running it first would leave a core idle. Lint (eslint, prettier --check: about
 * 90 s of CPU) is `npm run lint`, which .ci/run runs before `npm test`, outside `npm test`'s time budget. The tests'
 * output streams as usual; tsc prints one status line when it finishes (and its output, if any). The exit code is
 * non-zero when anything failed.
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

const CHECKS: readonly Check[] = [{ name: 'tsc --noEmit', pkg: 'typescript', bin: 'bin/tsc', args: ['--noEmit'] }];

const require = createRequire(import.meta.url);

function binPath(c: Check): string {
  return path.join(path.dirname(require.resolve(`${c.pkg}/package.json`)), c.bin);
}

/** A static check, its output collected; prints its status line (and its output, if any) when it ends. */
function runCheck(c: Check): Promise<boolean> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath(c), ...c.args], { cwd: PROJECT_ROOT, env: process.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const done = (code: number, extra = '') => {
      const s = ((Date.now() - t0) / 1000).toFixed(1);
      const ok = code === 0;
      process.stdout.write(`${c.name}: ${ok ? 'ok' : `FAILED (exit ${code})`} in ${s} s\n`);
      const text = out + extra;
      if (text !== '') process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      resolve(ok);
    };
    child.on('error', (e) => done(1, e.message));
    child.on('close', (code) => done(code ?? 1));
  });
}

/** The test command, output inherited (its closing summary line stays the log's last line when all is well). */
function runTests(cmd: readonly string[]): Promise<boolean> {
  if (cmd.length === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: PROJECT_ROOT, env: process.env, stdio: 'inherit' });
    child.on('error', (e) => {
      process.stderr.write(`${cmd.join(' ')}: ${e.message}\n`);
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
}

const sep = process.argv.indexOf('--');
const testCmd = sep < 0 ? [] : process.argv.slice(sep + 1);
const [checks, tests] = await Promise.all([Promise.all(CHECKS.map(runCheck)), runTests(testCmd)]);
const failed = CHECKS.filter((_, i) => !checks[i]).map((c) => c.name);
if (failed.length > 0) process.stdout.write(`static checks FAILED: ${failed.join(', ')}\n`);
process.exitCode = failed.length === 0 && tests ? 0 : 1;
