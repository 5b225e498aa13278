/**
 * Counterexample corpus: fixtures/counterexamples/<theorem_id>/<hash of canonical spec>.json, exact and
 * human-readable, replayed from `spec` (seed/path are context only). Written atomically; never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { canonicalJson, specHash } from '../instances/canonical.js';
import { inputError } from '../errors.js';
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
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
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
      seed: f.found.seed, path: f.found.path, profile: f.found.profile, backend: f.found.backend,
      engine: f.found.engine, fastCheck: f.found.fastCheck, date: f.found.date,
    },
    status: f.status,
    note: f.note,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Write a fixture atomically (temp file + hard link, which fails if the target exists). An existing fixture for the
 * same spec is kept as it is (`created: false`): its status and note belong to whoever triaged it.
 */
export function writeFixture(dir: string, f: Fixture): { file: string; created: boolean } {
  const file = fixtureFile(dir, f.theorem, f.spec);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) return { file, created: false };
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(tmp, serializeFixture(f));
  try {
    fs.linkSync(tmp, file);
    return { file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { file, created: false };
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Read and validate one fixture; an InputError names the file and the field. */
export function readFixture(file: string): Fixture {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw inputError(`fixture: cannot read ${file}`);
  }
  let x: Record<string, unknown>;
  try {
    x = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw inputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const fail = (field: string, what: string): never => {
    throw inputError(`${file}: ${field}: ${what}`);
  };
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail('fixture', 'must be a JSON object');
  if (typeof x.theorem !== 'string' || x.theorem === '') fail('theorem', 'must be the theorem id');
  if (!('spec' in x)) fail('spec', 'is missing (the exact instance to replay)');
  if (!VERDICTS.includes(x.verdict as Verdict)) fail('verdict', `${JSON.stringify(x.verdict)} must be one of ${VERDICTS.join(' | ')}`);
  if (!FIXTURE_STATUSES.includes(x.status as FixtureStatus)) fail('status', `${JSON.stringify(x.status)} must be open | explained | fixed`);
  if (!Array.isArray(x.claims)) fail('claims', 'must be an array');
  if (x.note !== undefined && typeof x.note !== 'string') fail('note', 'must be a string');
  if (typeof x.found !== 'object' || x.found === null) fail('found', 'must be an object { seed, path, profile, backend, … }');
  return { ...(x as unknown as Fixture), note: (x.note as string | undefined) ?? '' };
}

/** Every fixture file of one theorem, sorted by name. */
export function listFixtures(dir: string, theoremId: string): string[] {
  const d = path.join(dir, theoremId);
  if (!fs.existsSync(d)) return [];
  return fs.readdirSync(d).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(d, f));
}
