import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluationsToCertified } from '../../bench/search/bench.js';
import { horizonOffByOne, plDroppedHypothesis } from '../../bench/search/planted.js';
import type { AnyTheorem } from '../define.js';
import { defineTheorem } from '../define.js';
import { listFixtures, readFixture } from '../fixtures.js';
import { verifyTheorem } from '../verify.js';
import squareLeOne from '../testdata/toy_square_le_one.theorem.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-targeted-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const pl = plDroppedHypothesis as AnyTheorem;
// seed 1: the 150 random samples miss the ≈ 0.1 % failure region of the planted PL claim (checked below)
const budget = { profile: 'quick', runs: 150, seed: 1, fixturesDir: null } as const;

describe('targeted phase', () => {
  it('finds a planted counterexample that random sampling misses at the same budget; certified and stored', async () => {
    const random = await verifyTheorem(pl, { ...budget, targetedRuns: 0 });
    expect(random.verdict).toBe('holds');
    expect(random.runs).toBe(150);
    const dir = path.join(tmp, 'found');
    const r = await verifyTheorem(pl, { ...budget, targetedRuns: 130, fixturesDir: dir });
    expect(r.verdict).toBe('violated');
    const cx = r.counterexamples.find((c) => c.phase === 'targeted')!;
    expect(cx.verdict).toBe('violated');
    expect(cx.rungs.length).toBeGreaterThanOrEqual(3); // generate + two referee precisions
    // shrunk along the arbitrary's own shrink tree, still a failing instance inside the generator's range
    const s = cx.spec as { a: string; t: string };
    expect(Number(s.a)).toBeLessThan(0.01);
    expect(Math.abs(Math.abs(Number(s.t)) - 1)).toBeLessThan(0.01);
    expect(cx.fixture).toBeDefined();
    expect(listFixtures(dir, pl.id)).toHaveLength(1);
    // the stored fixture is the refereed spec, replayable like any other (found with the run's seed, no fc path)
    const fx = readFixture(listFixtures(dir, pl.id)[0]!);
    expect(fx).toMatchObject({ theorem: pl.id, spec: cx.spec, verdict: 'violated', status: 'open' });
    expect(fx.found).toMatchObject({ seed: 1, path: null, profile: 'quick', backend: 'f64' });
    const replayed = await verifyTheorem(pl, { ...budget, runs: 1, fixturesDir: dir, targetedRuns: 0 });
    expect(replayed.counterexamples.some((c) => c.phase === 'fixture' && c.verdict === 'violated')).toBe(true);
    expect(r.search).toMatchObject({ strategy: 'targeted', found: true });
    expect(r.search!.bestBefore!).toBeGreaterThan(0);
    expect(r.runs).toBeLessThan(150);
  });

  it('is deterministic given the seed: same samples, same slack, same counterexample', async () => {
    const a = await verifyTheorem(pl, { ...budget, targetedRuns: 130 });
    const b = await verifyTheorem(pl, { ...budget, targetedRuns: 130 });
    expect(b.search).toEqual(a.search);
    expect(b.runs).toBe(a.runs);
    expect(b.counterexamples.map((c) => c.spec)).toEqual(a.counterexamples.map((c) => c.spec));
  });

  it('spends its share of the runs and no more, and lowers the smallest slack on a true claim', async () => {
    const r = await verifyTheorem(squareLeOne, { profile: 'quick', fixturesDir: null, runs: 60, targetedRuns: 40 });
    expect(r.verdict).toBe('holds');
    expect(r.runs).toBe(60);
    expect(r.search!.samples).toBe(40);
    expect(r.search!.bestAfter!).toBeLessThanOrEqual(r.search!.bestBefore!);
    // the profile's share by default: quick gives 5 of its 25 runs
    const d = await verifyTheorem(squareLeOne, { profile: 'quick', fixturesDir: null });
    expect(d.runs).toBe(25);
    expect(d.search).toMatchObject({ strategy: 'targeted', samples: 5 });
  });

  it('stops at the time budget with a note, instead of overrunning it', async () => {
    const slowEval: AnyTheorem = defineTheorem({
      ...squareLeOne,
      id: 'toy_square_slow_eval',
      evaluate(B, x: { x: string }) {
        const until = performance.now() + 4;
        while (performance.now() < until); // 4 ms per sample
        return squareLeOne.evaluate(B, x);
      },
    });
    const t0 = performance.now();
    const r = await verifyTheorem(slowEval, {
      profile: 'quick',
      fixturesDir: null,
      runs: 1000,
      targetedRuns: 990,
      timeMs: 300,
    });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.search!.samples).toBeGreaterThan(0);
    expect(r.search!.samples).toBeLessThan(990);
    expect(r.notes.join('\n')).toMatch(/targeted search stopped at the time budget after \d+ of 990 samples/);
  });

  it("search: 'random' opts out: every run is a random sample", async () => {
    const optOut = defineTheorem({ ...squareLeOne, search: 'random' }) as AnyTheorem;
    const r = await verifyTheorem(optOut, { profile: 'quick', fixturesDir: null });
    expect(r.runs).toBe(25);
    expect(r.search).toMatchObject({ strategy: 'random', samples: 0 });
    expect(() => defineTheorem({ ...squareLeOne, search: 'greedy' as 'random' })).toThrow(
      /search: "greedy" must be 'targeted' \(default\) or 'random'/,
    );
  });

  it('a false claim the random phase already fails never reaches the targeted phase', async () => {
    const r = await verifyTheorem(
      defineTheorem({ ...squareLeOne, id: 'toy_square_wide', hypotheses: fc.constant({ x: '2' }) }) as AnyTheorem,
      { profile: 'quick', fixturesDir: null },
    );
    expect(r.counterexamples[0]!.phase).toBe('generate');
    expect(r.search).toMatchObject({ samples: 0, found: false });
  });
});

describe('targeted phase: line searches along draws', () => {
  it('finds the off-by-one horizon (failures 0.6 % of the generator) within 30 evaluations where random needs more', async () => {
    // λ ∈ k/10⁶ and T ∈ 20..60 from generic grids: failures only within ≈ ±0.002 of λ = 1/(2T + 1). A line search
    // along λ's draw brackets that window in O(log 10⁶) evaluations; random samples need ≈ 1/0.006 on average.
    const thm = horizonOffByOne as AnyTheorem;
    const targeted: number[] = [];
    const random: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      targeted.push((await evaluationsToCertified(thm, seed, 200, true, 8)) ?? Infinity);
      random.push((await evaluationsToCertified(thm, seed, 200, false)) ?? Infinity);
    }
    for (const n of targeted) expect(n).toBeLessThanOrEqual(30);
    expect(random.filter((n) => n > 30).length).toBeGreaterThanOrEqual(3);
  });
});
