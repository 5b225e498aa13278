import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyTheorem } from './define.js';
import { listFixtures, readFixture, serializeFixture } from './fixtures.js';
import { verifyTheorem } from './verify.js';
import squareLeOne from './testdata/toy_square_le_one.theorem.js';
import squareLeSelf from './testdata/toy_square_le_self.theorem.js';
import shiftCancels from './testdata/toy_shift_cancels.theorem.js';
import noTeeth from './testdata/toy_no_teeth.theorem.js';
import vacuous from './testdata/toy_vacuous.theorem.js';
import mostlyInconclusive from './testdata/toy_mostly_inconclusive.theorem.js';
import generatorBug from './testdata/toy_generator_bug.theorem.js';
import slow from './testdata/toy_slow.theorem.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-verify-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const quick = (t: AnyTheorem, dir: string | null = null) => verifyTheorem(t, { profile: 'quick', fixturesDir: dir });

describe('verifyTheorem', () => {
  it('a true inequality holds, passes, and its negative control is certified', async () => {
    const r = await quick(squareLeOne);
    expect(r.verdict).toBe('holds');
    expect(r.passed).toBe(true);
    expect(r.runs).toBe(25);
    expect(r.negativeControl.verdict).toBe('violated');
    expect(r.problems).toEqual([]);
  });

  it('a true inequality holds on dd with ci seeds, reproducibly', async () => {
    const a = await verifyTheorem(squareLeOne, { profile: 'ci', fixturesDir: null, runs: 30 });
    const b = await verifyTheorem(squareLeOne, { profile: 'ci', fixturesDir: null, runs: 30 });
    expect(a.backend).toBe('dd');
    expect(a.verdict).toBe('holds');
    expect([a.seed, a.minSlack]).toEqual([b.seed, b.minSlack]);
  });

  it('a false inequality is violated, certified at mpfr:50 and mpfr:100 (dec:50 cross-check), shrunk, and recorded as a fixture', async () => {
    const dir = path.join(tmp, 'false');
    const r = await quick(squareLeSelf, dir);
    expect(r.verdict).toBe('violated');
    expect(r.passed).toBe(false);
    const cx = r.counterexamples[0]!;
    expect(cx.spec).toEqual({ x: '1.015625' }); // 65/64: the smallest grid point above 1
    expect(cx.rungs.map((g) => `${g.backend}:${g.status}`)).toEqual(['f64:violated', 'dec:50:violated', 'mpfr:50:violated', 'mpfr:100:violated']);
    expect(cx.replay).toMatch(/^npm run thm -- replay .*\.json$/);
    const files = listFixtures(dir, 'toy_square_le_self');
    expect(files).toEqual([cx.fixture]);
    const fx = readFixture(files[0]!);
    expect(fx).toMatchObject({ theorem: 'toy_square_le_self', spec: { x: '1.015625' }, verdict: 'violated', status: 'open' });
    expect(fx.found).toMatchObject({ seed: r.seed, profile: 'quick', backend: 'f64' });
  });

  it('replays stored fixtures first and never overwrites them', async () => {
    const dir = path.join(tmp, 'replay');
    await quick(squareLeSelf, dir);
    const [file] = listFixtures(dir, 'toy_square_le_self');
    const before = fs.readFileSync(file!, 'utf8');
    const r = await quick(squareLeSelf, dir);
    expect(r.counterexamples.map((c) => c.phase)).toEqual(['fixture', 'generate']);
    expect(r.counterexamples[0]!.verdict).toBe('violated');
    expect(r.notes.join('\n')).toMatch(/already exists: kept/);
    expect(fs.readFileSync(file!, 'utf8')).toBe(before);
  });

  it('a fixture marked fixed that fails again fails the run', async () => {
    const dir = path.join(tmp, 'fixed');
    await quick(squareLeSelf, dir);
    const [file] = listFixtures(dir, 'toy_square_le_self');
    fs.writeFileSync(file!, serializeFixture({ ...readFixture(file!), status: 'fixed' }));
    const r = await quick(squareLeSelf, dir);
    expect(r.problems.join('\n')).toMatch(/regression: .* is marked fixed but is violated again/);
  });

  it('a violated conjecture is a finding, not a failure', async () => {
    const r = await quick({ ...squareLeSelf, status: 'conjecture' });
    expect([r.verdict, r.finding, r.passed]).toEqual(['violated', true, true]);
  });

  it('a claim that fails in f64 only by rounding is a precision artifact, not a counterexample', async () => {
    const dir = path.join(tmp, 'artifact');
    const r = await quick(shiftCancels, dir);
    expect(r.verdict).toBe('precision_artifact');
    expect(r.counterexamples[0]!.rungs.map((g) => g.status)).toEqual(['violated', 'ok', 'ok']);
    expect(listFixtures(dir, 'toy_shift_cancels')).toEqual([]);
  });

  it('fails a theorem whose negative control produces no violation (no teeth)', async () => {
    const r = await quick(noTeeth);
    expect(r.verdict).toBe('holds');
    expect(r.passed).toBe(false);
    expect(r.problems.join('\n')).toMatch(/negative control: no certified violation in 25 samples/);
  });

  it('health fails when every sample is vacuous', async () => {
    const r = await quick(vacuous);
    expect(r.passed).toBe(false);
    expect(r.problems.join('\n')).toMatch(/health: every sample was vacuous/);
  });

  it('health fails when more than half of the samples are inconclusive', async () => {
    const r = await quick(mostlyInconclusive);
    expect(r.passed).toBe(false);
    expect(r.discarded * 2).toBeGreaterThan(r.runs);
    expect(r.problems.join('\n')).toMatch(/health: \d+ of 25 samples were discarded/);
  });

  it('an instance outside the hypotheses is hypothesis_violated (a generator bug) and fails', async () => {
    const r = await quick(generatorBug);
    expect([r.verdict, r.passed]).toEqual(['hypothesis_violated', false]);
    expect(r.counterexamples[0]!.spec).toEqual({ x: '1.015625' });
  });

  it('a slow evaluate ends in budget_exhausted within its time budget', async () => {
    const r = await quick(slow);
    expect(r.verdict).toBe('budget_exhausted');
    expect(r.passed).toBe(false);
    expect(r.timeMs).toBeLessThan(2_000);
  });

  it('a tight witness must reach equality within the tolerance', async () => {
    const r = await quick({ ...squareLeOne, kind: 'tight', witnesses: [{ x: '0.5' }] });
    expect(r.problems.join('\n')).toMatch(/witness 0 is not tight/);
    expect((await quick({ ...squareLeOne, kind: 'tight' })).problems).toEqual([]);
  });
});
