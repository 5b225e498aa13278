/**
 * The instance attaining a bound's best tightness ratio, stored like a witness (exact spec) by `thm check --tightness`
 * under the results root: <root>/fixtures/tightness/<id>.json. A later search keeps the file unless it beats the
 * stored ratio; `thm report` reads the files to show, for the whole catalogue, how close each bound comes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TheoremResult } from '../theorem/verify.js';
import { osErrorText } from '../theorem/fixtures.js';
import { resultsRoot } from './resultsRoot.js';

export interface TightnessRecord {
  readonly theorem: string;
  /** lhs/rhs of a <= claim, rhs/lhs of a >= claim (1 = attained). */
  readonly ratio: number;
  readonly claim: string;
  readonly spec: unknown;
  /** How it was found: profile, generate backend, seed, samples of the tightness phase. */
  readonly found: {
    readonly profile: string;
    readonly backend: string;
    readonly seed: number;
    readonly samples: number;
  };
}

export function tightnessDir(root: string = resultsRoot()): string {
  return path.join(root, 'fixtures', 'tightness');
}

export function tightnessFile(dir: string, id: string): string {
  return path.join(dir, `${id}.json`);
}

/** The stored record of `id`, null when there is none; a file that is not a record is an error naming the field. */
export function readTightness(dir: string, id: string): TightnessRecord | null {
  const file = tightnessFile(dir, id);
  if (!fs.existsSync(file)) return null;
  let x: unknown;
  try {
    x = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not JSON (${osErrorText(e)})`, { cause: e });
  }
  const r = x as Partial<TightnessRecord> | null;
  if (typeof r !== 'object' || r === null) throw new Error(`${file}: must be an object`);
  if (r.theorem !== id) throw new Error(`${file}: theorem: ${JSON.stringify(r.theorem)} must be ${JSON.stringify(id)}`);
  if (typeof r.ratio !== 'number' || !Number.isFinite(r.ratio))
    throw new Error(`${file}: ratio: must be a finite number`);
  if (typeof r.claim !== 'string') throw new Error(`${file}: claim: must be a string`);
  if (!('spec' in r)) throw new Error(`${file}: spec: missing`);
  return r as TightnessRecord;
}

/**
 * Store the result's best instance when its tightness phase ran and it beats (or equals) the stored one. Returns the
 * file and whether it was written; a stored file that cannot be read is replaced.
 */
export function storeTightness(dir: string, r: TheoremResult): { file: string; written: boolean } | null {
  const t = r.tightness;
  if (t?.search === undefined) return null;
  const file = tightnessFile(dir, r.id);
  let old: TightnessRecord | null;
  try {
    old = readTightness(dir, r.id);
  } catch {
    old = null; // unreadable: replaced by this run's instance
  }
  if (old !== null && old.ratio > t.ratio) return { file, written: false };
  const rec: TightnessRecord = {
    theorem: r.id,
    ratio: t.ratio,
    claim: t.claim,
    spec: t.spec,
    found: { profile: r.profile, backend: r.backend, seed: r.seed, samples: t.search.samples },
  };
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(rec, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return { file, written: true };
}
