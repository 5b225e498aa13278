/**
 * Counterexample corpus: fixtures/counterexamples/<theorem_id>/<hash of canonical spec>.json, exact and
 * human-readable, replayed from `spec` (seed/path are context only). Written atomically; never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseJson, refusedPath } from '../cli/json.js';
import { canonicalJson, specHash } from '../instances/canonical.js';
import { inputError, isInputError } from '../errors.js';
import type { Claim, ProfileName, Verdict } from './types.js';
import { VERDICTS } from './types.js';

export type FixtureStatus = 'open' | 'explained' | 'fixed';
const FIXTURE_STATUSES: readonly FixtureStatus[] = ['open', 'explained', 'fixed'];

export interface FoundWith {
  readonly seed: number | null;
  readonly path: string | null;
  readonly profile: ProfileName | null;
  readonly backend: string;
  readonly engine: string;
  readonly fastCheck: string;
  readonly date: string;
}

export interface Fixture {
  readonly theorem: string;
  readonly spec: unknown;
  readonly verdict: Verdict;
  readonly claims: readonly Claim[];
  readonly found: FoundWith;
  /** open: a live counterexample; explained: understood and accepted (note says why); fixed: must hold again. */
  readonly status: FixtureStatus;
  readonly note: string;
}

/** theoremcheck's version, recorded in fixtures. */
export const ENGINE_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return `theoremcheck@${pkg.version ?? '?'}`;
  } catch {
    return 'theoremcheck@?';
  }
})();

export function foundWith(x: Omit<FoundWith, 'engine' | 'fastCheck' | 'date'>): FoundWith {
  return { ...x, engine: ENGINE_VERSION, fastCheck: fc.__version, date: new Date().toISOString() };
}

/** Default corpus directory (relative to the working directory). */
export const DEFAULT_FIXTURES_DIR = path.join('fixtures', 'counterexamples');

export function fixtureFile(dir: string, theoremId: string, spec: unknown): string {
  return path.join(dir, theoremId, `${specHash(spec)}.json`);
}

/** Stable key order, exact strings, specs with sorted keys. */
export function serializeFixture(f: Fixture): string {
  const ordered = {
    theorem: f.theorem,
    spec: JSON.parse(canonicalJson(f.spec)) as unknown,
    verdict: f.verdict,
    claims: f.claims.map((c) => ({ label: c.label, lhs: c.lhs, rel: c.rel, rhs: c.rhs, err: c.err })),
    found: {
      seed: f.found.seed,
      path: f.found.path,
      profile: f.found.profile,
      backend: f.found.backend,
      engine: f.found.engine,
      fastCheck: f.found.fastCheck,
      date: f.found.date,
    },
    status: f.status,
    note: f.note,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Writes a fixture makes (injectable so that tests can simulate a full disk or a read-only folder). */
export interface FixtureWriter {
  mkdirSync(dir: string, o: { recursive: true }): unknown;
  writeFileSync(file: string, text: string, o: { flag: 'wx' }): void;
  linkSync(from: string, to: string): void;
  rmSync(file: string, o: { force: true }): void;
  existsSync(file: string): boolean;
}

/**
 * Write a fixture atomically (temp file + hard link, which fails if the target exists). An existing fixture for the
 * same spec is kept as it is (`created: false`): its status and note belong to whoever triaged it. Throws the OS error
 * (EACCES, ENOTDIR, ENOSPC …) when the corpus cannot be written; no temp file survives any error.
 */
export function writeFixture(dir: string, f: Fixture, io: FixtureWriter = fs): { file: string; created: boolean } {
  const file = fixtureFile(dir, f.theorem, f.spec);
  const text = serializeFixture(f);
  io.mkdirSync(path.dirname(file), { recursive: true });
  if (io.existsSync(file)) return { file, created: false };
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    io.writeFileSync(tmp, text, { flag: 'wx' });
    io.linkSync(tmp, file);
    return { file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && io.existsSync(file)) return { file, created: false };
    throw e;
  } finally {
    io.rmSync(tmp, { force: true });
  }
}

/** The OS error of a failed write in one line: "ENOSPC: no space left on device". */
export function osErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string')
    return `${err.code}: ${(err.message ?? '').replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}`;
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/** A problem with one stored fixture: an InputError that also carries the file and the field. */
export interface FixtureError extends Error {
  readonly file: string;
  readonly field: string;
  readonly detail: string;
}

export function fixtureError(file: string, field: string, detail: string): FixtureError {
  return Object.assign(inputError(`${file}: ${field}: ${detail}`), { file, field, detail });
}

export function isFixtureError(e: unknown): e is FixtureError {
  return (
    e instanceof Error &&
    typeof (e as Partial<FixtureError>).field === 'string' &&
    typeof (e as Partial<FixtureError>).file === 'string'
  );
}

/** Read and validate one fixture; a FixtureError (an InputError) names the file and the field. */
export function readFixture(file: string): Fixture {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw fixtureError(file, 'file', `cannot be read (${osErrorText(e)})`);
  }
  let x: Record<string, unknown>;
  try {
    // strict: a byte-order mark is accepted; a duplicate key (JSON.parse would keep the last value silently) is
    // refused naming the key, so a hand-edited status or spec is never half-applied
    x = parseJson(text, file) as Record<string, unknown>;
  } catch (e) {
    if (!isInputError(e)) throw e;
    const key = refusedPath(e);
    // parseJson's message is `${file}: <detail>`
    throw fixtureError(
      file,
      key === undefined || key === '' ? 'JSON' : key,
      (e as Error).message.slice(file.length + 2),
    );
  }
  const fail = (field: string, what: string): never => {
    throw fixtureError(file, field, what);
  };
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail('fixture', 'must be a JSON object');
  if (typeof x.theorem !== 'string' || x.theorem === '') fail('theorem', 'must be the theorem id');
  if (!('spec' in x)) fail('spec', 'is missing (the exact instance to replay)');
  if (!VERDICTS.includes(x.verdict as Verdict))
    fail('verdict', `${JSON.stringify(x.verdict)} must be one of ${VERDICTS.join(' | ')}`);
  if (!FIXTURE_STATUSES.includes(x.status as FixtureStatus))
    fail('status', `${JSON.stringify(x.status)} must be open | explained | fixed`);
  if (!Array.isArray(x.claims)) fail('claims', 'must be an array');
  if (x.note !== undefined && typeof x.note !== 'string') fail('note', 'must be a string');
  if (typeof x.found !== 'object' || x.found === null)
    fail('found', 'must be an object { seed, path, profile, backend, … }');
  return { ...(x as unknown as Fixture), note: (x.note as string | undefined) ?? '' };
}

/**
 * Check where a fixture is filed: under its own theorem's folder, named by the hash of its spec (so an edited spec or a
 * renamed file is caught, not silently replayed under the wrong name). Throws a FixtureError naming the field.
 */
export function checkPlacement(file: string, fx: Fixture, theoremId: string): void {
  if (fx.theorem !== theoremId) {
    throw fixtureError(
      file,
      'theorem',
      `${JSON.stringify(fx.theorem)} is filed under ${theoremId}'s folder (move it to ${fx.theorem}/ or fix the field)`,
    );
  }
  let hash: string;
  try {
    hash = specHash(fx.spec);
  } catch (e) {
    throw fixtureError(file, 'spec', (e as Error).message);
  }
  if (path.basename(file) !== `${hash}.json`) {
    throw fixtureError(
      file,
      'spec',
      `the file name is not the hash of its spec (expected ${hash}.json): the spec was edited or the file renamed`,
    );
  }
}

/** Every fixture file of one theorem, sorted by name; a folder that cannot be listed is a FixtureError. */
export function listFixtures(dir: string, theoremId: string): string[] {
  const d = path.join(dir, theoremId);
  if (!fs.existsSync(d)) return [];
  try {
    return fs
      .readdirSync(d)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => path.join(d, f));
  } catch (e) {
    throw fixtureError(d, 'folder', `cannot be listed (${osErrorText(e)})`);
  }
}
