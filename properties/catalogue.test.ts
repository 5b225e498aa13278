/**
 * The catalogue as a vitest suite: every properties/<area>/<id>.theorem.ts is discovered and registered as one test
 * named by its id (THM_PROFILE selects the profile; default ci), plus the lint that makes "a theorem file is not run"
 * impossible to miss.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { details } from '../src/cli/format.js';
import {
  CATALOGUE_DIR,
  findTheoremFiles,
  PROJECT_ROOT,
  idFromFile,
  lintCatalogue,
  loadTheoremFile,
  type LoadedTheorem,
} from '../src/theorem/discover.js';
import { profileFrom, withBudget } from '../src/theorem/profiles.js';
import { verifyTheorem } from '../src/theorem/verify.js';

const profile = profileFrom(undefined, 'ci');
// the stored counterexamples are replayed from a copy, so a failing theorem never writes into the checkout's corpus
const fixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-catalogue-'));
afterAll(() => fs.rmSync(fixturesDir, { recursive: true, force: true }));
const corpus = path.join(PROJECT_ROOT, 'fixtures', 'counterexamples');
if (fs.existsSync(corpus)) fs.cpSync(corpus, fixturesDir, { recursive: true });
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

const registered = new Set<string>();
describe(`catalogue (profile ${profile.name})`, () => {
  if (loaded.length === 0) it.todo('no theorems in properties/ yet: add properties/<area>/<id>.theorem.ts');
  for (const { theorem, file } of loaded) {
    registered.add(idFromFile(file));
    const soft = withBudget(profile, theorem.budget?.[profile.name]).timeMs;
    test(
      theorem.id,
      async () => {
        const r = await verifyTheorem(theorem, { profile, file, fixturesDir });
        expect(r.passed, details(r)).toBe(true);
      },
      2 * soft + 5_000,
    );
  }
});

describe('catalogue lint', () => {
  it('every theorem file loads, validates, and its id equals its file name', () => {
    expect(loadErrors).toEqual([]);
  });

  it('every theorem file is registered as a test', () => {
    expect([...registered].sort()).toEqual(files.map(idFromFile).sort());
  });

  it('has no stray files, foreign imports or colliding ids', () => {
    expect(lintCatalogue(CATALOGUE_DIR, loaded)).toEqual([]);
  });
});
