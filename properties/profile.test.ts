/**
 * The profile reaches a theorem only through the framework: `thm check --profile nightly` (a real process, THM_PROFILE
 * unset) hands 'nightly' to `hypotheses(profile)`, so the instance carries the nightly horizon in its spec. The run
 * wraps the catalogue theorem in a temp file whose evaluate claims `horizon ≤ 0`: the counterexample (cheap: no GD
 * run) shows the spec the profile produced. The lint (src/theorem/discover.ts) rejects `process.env` in theorem files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE_DIR, PACKAGE_DIR } from '../src/theorem/discover.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-profile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function horizonUnder(profile: string, rel: string, horizons: readonly number[]): number[] {
  const id = `horizon_of_${path.basename(rel, '.theorem.ts')}`;
  const file = path.join(tmp, `${id}.theorem.ts`);
  fs.writeFileSync(
    file,
    [
      "import { claims, defineTheorem } from 'theoremcheck';",
      `import base from ${JSON.stringify(path.join(CATALOGUE_DIR, rel))};`,
      `export default defineTheorem({ ...base, id: '${id}', status: 'theorem', witnesses: undefined,`,
      '  evaluate: (B, s: { horizon: number }) => ({ claims: [claims.le(B, B.int(s.horizon), B.int(0), B.int(0), "horizon")] }) });',
      '',
    ].join('\n'),
  );
  const json = path.join(tmp, `${id}-${profile}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
  delete env.THM_PROFILE;
  const r = spawnSync(
    process.execPath,
    [
      path.join(PACKAGE_DIR, 'bin', 'thm.js'),
      'check',
      file,
      '--profile',
      profile,
      '--runs',
      '2',
      '--fixtures',
      path.join(tmp, `fx-${profile}`),
      '--json',
      json,
    ],
    { cwd: tmp, encoding: 'utf8', env, timeout: 120_000 },
  );
  expect(r.status, r.stderr + r.stdout).toBe(1);
  const results = (
    JSON.parse(fs.readFileSync(json, 'utf8')) as { results: { counterexamples: { spec: { horizon: number } }[] }[] }
  ).results;
  const seen = results[0]!.counterexamples.map((c) => c.spec.horizon);
  expect(seen.length).toBeGreaterThan(0);
  for (const h of seen) expect(horizons).toContain(h);
  return seen;
}

describe('the profile reaches theorems through the framework', () => {
  it('deep_linear_logistic_gd_collapses_to_rank_one: horizon 3·10⁴ under --profile nightly, 3000 under ci', () => {
    const rel = 'lowrank/deep_linear_logistic_gd_collapses_to_rank_one.theorem.ts';
    expect(new Set(horizonUnder('nightly', rel, [3000, 30000]))).toEqual(new Set([30000]));
    expect(new Set(horizonUnder('ci', rel, [3000, 30000]))).toEqual(new Set([3000]));
  }, 240_000);
});
