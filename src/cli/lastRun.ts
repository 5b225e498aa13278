/**
 * The last verdict of each theorem, <results root>/.tmp/thm/last-results.json (docs/results.md): `thm check` merges
 * its results in, `thm report` reads them.
 *
 * - Concurrent `thm check` processes in one project lose nothing: the read-merge-write runs under an exclusive lock
 *   file (`last-results.json.lock`, created with O_EXCL). A lock whose holder is gone (dead pid on this host) or that
 *   is older than `staleMs` is broken; the lock is held for milliseconds, so an old one is never a live writer.
 * - Writes are atomic (temp file + rename) and the temp file is removed on every path.
 * - A file that is not a JSON object is moved aside as last-results.corrupt-<time>.json (one warning line) rather
 *   than overwritten; an entry with wrong types is skipped by readers with one line naming the entry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputError } from '../errors.js';
import { VERDICTS, type Verdict } from '../theorem/types.js';
import type { TheoremResult } from '../theorem/verify.js';
import { parseJson } from './json.js';
import { lastResultsFile, shownPath } from './resultsRoot.js';

export type Warn = (line: string) => void;
const stderrWarn: Warn = (line) => console.error(`thm: ${line}`);

export interface LockOptions {
  /** A lock older than this is stale whoever holds it (ms). */
  readonly staleMs?: number;
  /** Give up waiting for the lock after this long (ms); longer than staleMs, so a stale lock is always broken first. */
  readonly waitMs?: number;
  readonly warn?: Warn;
}

const STALE_MS = 30_000;
const WAIT_MS = 60_000;

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

/** An existing file or folder at `target` that is a directory is an input error naming `where`. */
function refuseDirectory(target: string, where: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch {
    return;
  }
  if (st.isDirectory()) throw inputError(`${where}: is a directory, not a file`);
}

/** Create the folder of `file`; failure (a file in the way, no permission) is one line naming `where`. */
function ensureParent(file: string, where: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (e) {
    throw inputError(`${where}: cannot create its folder ${path.dirname(file)} (${errCode(e)})`);
  }
}

/** Write `text` to `file` atomically (temp file + rename); the temp file never survives, whatever fails. */
export function writeFileAtomic(file: string, text: string, where: string = file): void {
  ensureParent(file, where);
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    const code = errCode(e);
    throw inputError(`${where}: ${code === 'EISDIR' ? 'is a directory, not a file' : `cannot write (${code})`}`);
  } finally {
    removeQuietly(tmp);
  }
}

/**
 * Remove a temp file if it exists. Errors are dropped: when the temp file could not be created (a name too long, a
 * missing folder) removing it fails the same way, and that must not replace the error being reported.
 */
export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // nothing was created
  }
}

/** Write a JSON document atomically; errors name `where` (e.g. "--json out.json"). */
export function writeJsonFile(file: string, value: unknown, where: string = file): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, where);
}

/** Fail before any work when an output path cannot be a file (checked again when writing). */
export function checkOutputFile(file: string, where: string): void {
  refuseDirectory(file, where);
  let dir = path.dirname(path.resolve(file));
  // the nearest existing ancestor must be a folder (a file there makes mkdir fail later)
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) throw inputError(`${where}: ${dir} is a file, not a folder`);
}

/** Why entry `id` is not a usable result (undefined when it is): the fields readers use, with their types. */
export function entryProblem(id: string, r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'must be an object';
  const x = r as Record<string, unknown>;
  if (x.id !== id) return `id: ${JSON.stringify(x.id)} must equal its key`;
  if (!VERDICTS.includes(x.verdict as Verdict))
    return `verdict: ${JSON.stringify(x.verdict)} must be one of ${VERDICTS.join(' | ')}`;
  if (typeof x.passed !== 'boolean') return `passed: ${JSON.stringify(x.passed)} must be true or false`;
  for (const k of ['profile', 'backend'] as const)
    if (typeof x[k] !== 'string') return `${k}: ${JSON.stringify(x[k])} must be a string`;
  for (const k of ['runs', 'timeMs', 'seed'] as const)
    if (typeof x[k] !== 'number' || !Number.isFinite(x[k])) return `${k}: ${JSON.stringify(x[k])} must be a number`;
  if (x.minSlack !== null && (typeof x.minSlack !== 'number' || !Number.isFinite(x.minSlack)))
    return `minSlack: ${JSON.stringify(x.minSlack)} must be a number or null`;
  const t = x.tightness as Record<string, unknown> | null | undefined;
  if (
    t !== undefined &&
    (typeof t !== 'object' || t === null || typeof t.ratio !== 'number' || !Number.isFinite(t.ratio))
  )
    return 'tightness: must be an object { ratio, claim, spec } with a finite number ratio';
  const nc = x.negativeControl as Record<string, unknown> | null | undefined;
  if (typeof nc !== 'object' || nc === null || typeof nc.verdict !== 'string')
    return 'negativeControl: must be an object { verdict, runs, reason }';
  if (
    !Array.isArray(x.counterexamples) ||
    x.counterexamples.some((c) => typeof c !== 'object' || c === null || Array.isArray(c))
  ) {
    return 'counterexamples: must be an array of objects';
  }
  return undefined;
}

type Loaded = { kind: 'missing' } | { kind: 'corrupt'; why: string } | { kind: 'ok'; entries: Record<string, unknown> };

function load(file: string): Loaded {
  const shown = shownPath(file);
  refuseDirectory(file, `results file ${shown}`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { kind: 'missing' };
    throw inputError(`results file ${shown}: cannot read (${errCode(e)})`);
  }
  let value: unknown;
  try {
    value = parseJson(text, shown);
  } catch (e) {
    return { kind: 'corrupt', why: (e as Error).message.slice(shown.length + 2) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { kind: 'corrupt', why: 'not a JSON object { id: result }' };
  return { kind: 'ok', entries: value as Record<string, unknown> };
}

/** The stored results; a corrupt file reads as empty and each bad entry is skipped, each with one warning line. */
export function readLastRun(file: string = lastResultsFile(), warn: Warn = stderrWarn): Record<string, TheoremResult> {
  const l = load(file);
  if (l.kind === 'missing') return {};
  if (l.kind === 'corrupt') {
    warn(`${shownPath(file)}: ${l.why}; ignored (the next thm check keeps it aside and starts a new one)`);
    return {};
  }
  const out: Record<string, TheoremResult> = {};
  for (const [id, r] of Object.entries(l.entries)) {
    const problem = entryProblem(id, r);
    if (problem === undefined)
      Object.defineProperty(out, id, { value: r, enumerable: true, writable: true, configurable: true });
    else warn(`${shownPath(file)}: entry ${JSON.stringify(id)}: ${problem}; skipped (thm check ${id} records it anew)`);
  }
  return out;
}

/** Run `fn` holding `<file>.lock`; stale locks are broken, a live one is waited for. */
export function withLock<T>(file: string, fn: () => T, o: LockOptions = {}): T {
  const staleMs = o.staleMs ?? STALE_MS;
  const waitMs = o.waitMs ?? WAIT_MS;
  const lock = `${file}.lock`;
  const token = `${process.pid}@${os.hostname()} ${new Date().toISOString()} ${Math.random().toString(36).slice(2, 10)}`;
  ensureParent(lock, `lock file ${shownPath(lock)}`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(lock, token, { flag: 'wx' });
      break;
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw inputError(`lock file ${shownPath(lock)}: cannot create (${errCode(e)})`);
    }
    if (breakIfStale(lock, staleMs, o.warn ?? stderrWarn)) continue;
    if (Date.now() > deadline)
      throw inputError(
        `lock file ${shownPath(lock)}: held by another thm process for ${waitMs / 1000} s (remove it if no thm check is running)`,
      );
    sleepMs(10 + Math.floor(Math.random() * 40));
  }
  try {
    return fn();
  } finally {
    try {
      if (fs.readFileSync(lock, 'utf8') === token) fs.rmSync(lock, { force: true });
    } catch {
      // already gone: nothing to release
    }
  }
}

/** Remove `lock` if its holder is dead or it is older than staleMs; true when it is gone (retry at once). */
function breakIfStale(lock: string, staleMs: number, warn: Warn): boolean {
  let content: string;
  let ageMs: number;
  try {
    content = fs.readFileSync(lock, 'utf8');
    ageMs = Date.now() - fs.statSync(lock).mtimeMs;
  } catch (e) {
    if (errCode(e) === 'ENOENT') return true;
    throw inputError(`lock file ${shownPath(lock)}: cannot read (${errCode(e)})`);
  }
  const m = /^(\d+)@(\S+) /.exec(content);
  const deadHolder = m !== null && m[2] === os.hostname() && Number(m[1]) !== process.pid && !alive(Number(m[1]));
  if (!deadHolder && ageMs <= staleMs) return false;
  // move it aside first, then make sure what was moved is the lock judged stale (not a fresh one taken meanwhile)
  const aside = `${lock}.stale-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    fs.renameSync(lock, aside);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return true;
    throw inputError(`lock file ${shownPath(lock)}: cannot remove a stale lock (${errCode(e)})`);
  }
  try {
    if (fs.readFileSync(aside, 'utf8') !== content) {
      try {
        fs.linkSync(aside, lock);
      } catch {
        // someone holds a newer lock: theirs stands
      }
      return false;
    }
    warn(
      `${shownPath(lock)}: removed a stale lock (${deadHolder ? `process ${m[1]} is gone` : `${Math.round(ageMs / 1000)} s old`})`,
    );
    return true;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** Where a corrupt results file is kept: last-results.corrupt-<UTC time>.json beside it (never overwriting one). */
function corruptName(file: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = path.join(path.dirname(file), `${path.basename(file, '.json')}.corrupt-${stamp}`);
  for (let n = 1; ; n++) {
    const f = n === 1 ? `${base}.json` : `${base}-${n}.json`;
    if (!fs.existsSync(f)) return f;
  }
}

/** Merge `results` into the store under the lock (read, merge, atomic write); entries of other theorems are kept. */
export function recordLastRun(
  results: readonly TheoremResult[],
  file: string = lastResultsFile(),
  o: LockOptions = {},
): void {
  const warn = o.warn ?? stderrWarn;
  const where = `results file ${shownPath(file)}`;
  refuseDirectory(file, where);
  withLock(
    file,
    () => {
      const l = load(file);
      let entries: Record<string, unknown> = {};
      if (l.kind === 'corrupt') {
        const aside = corruptName(file);
        try {
          fs.renameSync(file, aside);
        } catch (e) {
          throw inputError(`${where}: ${l.why}, and it cannot be moved aside (${errCode(e)})`);
        }
        warn(`${shownPath(file)}: ${l.why}; kept as ${path.basename(aside)}, starting a new one`);
      } else if (l.kind === 'ok') {
        entries = l.entries;
      }
      // temp files are only made under this lock, so any left now is from a writer that was killed mid-write
      const base = `${path.basename(file)}.tmp-`;
      for (const f of fs.readdirSync(path.dirname(file)))
        if (f.startsWith(base)) fs.rmSync(path.join(path.dirname(file), f), { force: true });
      const merged: Record<string, unknown> = { ...entries };
      for (const r of results) merged[r.id] = r;
      writeJsonFile(file, merged, where);
    },
    o,
  );
}
