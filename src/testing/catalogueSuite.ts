/**
 * The catalogue as vitest suites (properties/catalogue*.test.ts): every properties/<area>/<id>.theorem.ts is
 * discovered and registered as one test named by its id (THM_PROFILE selects the profile; default quick). The theorems
 * are split into CATALOGUE_PARTS test files so that vitest's workers check them in parallel; the split is a
 * deterministic greedy balance on the times recorded in docs/data/catalogue.json (the committed `npm run check`
 * output), so it needs no hand-kept list: a theorem not in that file yet is costed at the median.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { details } from '../cli/format.js';
import {
  CATALOGUE_DIR,
  findTheoremFiles,
  idFromFile,
  loadTheoremFile,
  PROJECT_ROOT,
  type LoadedTheorem,
} from '../theorem/discover.js';
import { profileFrom, withBudget } from '../theorem/profiles.js';
import { verifyTheorem } from '../theorem/verify.js';

/**
 * Four parts on two workers: vitest hands a part to whichever worker is free, so the catalogue's tail (the parts are
 * the last files in a fresh clone, where vitest has no recorded timings and orders files by size) is a quarter of it.
 */
export const CATALOGUE_PARTS = 4;

/** Recorded per-theorem times (ms) from docs/data/catalogue.json; empty when the file is absent or unreadable. */
function recordedTimes(): Map<string, number> {
  try {
    const run = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'data', 'catalogue.json'), 'utf8')) as {
      results?: readonly { id?: unknown; timeMs?: unknown }[];
    };
    const out = new Map<string, number>();
    for (const r of run.results ?? [])
      if (typeof r.id === 'string' && typeof r.timeMs === 'number') out.set(r.id, r.timeMs);
    return out;
  } catch {
    return new Map();
  }
}

/** ids → part index: longest first onto the least-loaded part (ties by id, so the split is deterministic). */
export function partition(
  ids: readonly string[],
  times: ReadonlyMap<string, number>,
  parts: number,
): Map<string, number> {
  const known = [...times.values()].sort((a, b) => a - b);
  const median = known.length > 0 ? known[Math.floor(known.length / 2)]! : 1;
  const cost = (id: string) => times.get(id) ?? median;
  const order = [...ids].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : a > b ? 1 : 0));
  const load = Array<number>(parts).fill(0);
  const out = new Map<string, number>();
  for (const id of order) {
    const p = load.indexOf(Math.min(...load));
    out.set(id, p);
    load[p]! += cost(id);
  }
  return out;
}

export interface CatalogueLoad {
  readonly files: readonly string[];
  readonly loaded: readonly LoadedTheorem[];
  readonly loadErrors: readonly string[];
  readonly parts: ReadonlyMap<string, number>;
}

export async function loadCatalogue(): Promise<CatalogueLoad> {
  const files = findTheoremFiles(CATALOGUE_DIR);
  const loaded: LoadedTheorem[] = [];
  const loadErrors: string[] = [];
  for (const f of files) {
    try {
      loaded.push(await loadTheoremFile(f));
    } catch (e) {
      loadErrors.push((e as Error).message);
    }
  }
  return { files, loaded, loadErrors, parts: partition(files.map(idFromFile), recordedTimes(), CATALOGUE_PARTS) };
}

/** Registers the theorems of part `part` as tests; returns the ids registered. */
export function registerCataloguePart(cat: CatalogueLoad, part: number): Set<string> {
  // `npm test` checks the catalogue at `quick` (f64: every theorem holds and every negative control fails there too),
  // which keeps it within minutes; the ci profile is the main job, `npm run check`, which .ci/run runs as well.
  const profile = profileFrom(undefined, 'quick');
  // the stored counterexamples are replayed from a copy, so a failing theorem never writes into the checkout's corpus
  const fixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-catalogue-'));
  afterAll(() => fs.rmSync(fixturesDir, { recursive: true, force: true }));
  const corpus = path.join(PROJECT_ROOT, 'fixtures', 'counterexamples');
  if (fs.existsSync(corpus)) fs.cpSync(corpus, fixturesDir, { recursive: true });
  const registered = new Set<string>();
  describe(`catalogue part ${part + 1}/${CATALOGUE_PARTS} (profile ${profile.name})`, () => {
    const mine = cat.loaded.filter(({ file }) => cat.parts.get(idFromFile(file)) === part);
    if (mine.length === 0) it.todo('no theorems in this part yet: add properties/<area>/<id>.theorem.ts');
    for (const { theorem, file } of mine) {
      registered.add(idFromFile(file));
      const soft = withBudget(profile, theorem.budget?.[profile.name]).timeMs;
      test(
        theorem.id,
        async () => {
          const r = await verifyTheorem(theorem, { profile, file, fixturesDir });
          expect(r.passed, details(r)).toBe(true);
        },
        // a hang guard, not a speed test: the phases stop themselves at the soft budget of CPU-bound work, which on a
        // machine shared with other jobs can take several times as long in wall time
        10 * soft + 60_000,
      );
    }
  });
  return registered;
}
