/**
 * The phases of `verifyTheorem` (explicit → generate → referee → record → negative → health), checked through their
 * observable effects: the phase protocol reported to `onPhase`, stored fixtures by status, the negative control's
 * result, the health thresholds, and what a counterexample carries. Killed survivors of the mutation run over
 * src/theorem/phases (npm run mutate -- phases).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { claims, inconclusive } from '../claims.js';
import { defineTheorem, type AnyTheorem } from '../define.js';
import { CATALOGUE_DIR } from '../discover.js';
import { foundWith, writeFixture, type FixtureStatus } from '../fixtures.js';
import { PROFILES } from '../profiles.js';
import type { VerifyOptions } from '../result.js';
import { PHASES } from '../verdicts.js';
import { verifyTheorem } from '../verify.js';
import chaoticUndecided from '../testdata/toy_chaotic_undecided.theorem.js';
import noTeeth from '../testdata/toy_no_teeth.theorem.js';
import squareLeOne from '../testdata/toy_square_le_one.theorem.js';
import squareLeSelf from '../testdata/toy_square_le_self.theorem.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-phases-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => path.join(tmp, `d${++dirs}`);

const quick = (t: AnyTheorem, o: VerifyOptions = {}) => verifyTheorem(t, { profile: 'quick', fixturesDir: null, ...o });

/** Store a fixture for `thm` with `spec` and `status` in a fresh corpus folder; returns the folder and the file. */
function corpus(thm: AnyTheorem, spec: unknown, status: FixtureStatus, note = ''): { dir: string; file: string } {
  const dir = freshDir();
  const { file } = writeFixture(dir, {
    theorem: thm.id,
    spec,
    verdict: 'violated',
    claims: [],
    found: foundWith({ seed: 1, path: null, profile: 'quick', backend: 'f64' }),
    status,
    note,
  });
  return { dir, file };
}

describe('phase protocol (onPhase)', () => {
  it('reports only phase names, first seen in the documented order', async () => {
    const seen: string[] = [];
    // 0.25 ≤ 0.5: a stored fixture that holds, so the explicit phase runs before generate
    const { dir } = corpus(squareLeSelf, { x: '0.5' }, 'open');
    await quick(squareLeSelf, { fixturesDir: dir, onPhase: (p) => seen.push(p) });
    for (const p of seen) expect(PHASES).toContain(p);
    const first = [...new Set(seen)];
    // the failing theorem goes through every phase but health (its generate phase stopped early)
    expect(first).toEqual(['explicit', 'generate', 'evaluate', 'referee', 'record', 'negative', 'negative_evaluate']);
    const ok: string[] = [];
    await quick(squareLeOne, { onPhase: (p) => ok.push(p) });
    for (const p of ok) expect(PHASES).toContain(p);
    expect(ok.at(-1)).toBe('health');
  });
});

describe('explicit phase: stored fixtures by status', () => {
  it('an open fixture that now holds is noted (mark it fixed), and nothing fails', async () => {
    const { dir, file } = corpus(squareLeOne, { x: '0.5' }, 'open');
    const r = await quick(squareLeOne, { fixturesDir: dir });
    expect(r.notes).toEqual([`${file} now holds at f64: mark it fixed if that is why`]);
    expect([r.verdict, r.passed, r.counterexamples]).toEqual(['holds', true, []]);
  });

  it('a fixed fixture that holds says nothing; an explained one that still fails is noted and does not count', async () => {
    const fixed = corpus(squareLeOne, { x: '0.5' }, 'fixed');
    const f = await quick(squareLeOne, { fixturesDir: fixed.dir });
    expect([f.notes, f.problems, f.passed]).toEqual([[], [], true]);
    // x = 1.25: 1.5625 > 1, outside the hypotheses but of the theorem's shape; a known, accepted failure
    const explained = corpus(squareLeOne, { x: '1.25' }, 'explained', 'outside |x| <= 1 on purpose');
    const e = await quick(squareLeOne, { fixturesDir: explained.dir });
    expect(e.notes).toEqual([`${explained.file}: known counterexample (explained: outside |x| <= 1 on purpose)`]);
    expect([e.verdict, e.passed]).toEqual(['holds', true]);
    expect(e.counterexamples.map((c) => [c.phase, c.verdict, c.fixtureStatus])).toEqual([
      ['fixture', 'violated', 'explained'],
    ]);
  });

  it('the same failing fixture counts when open, and is a regression when marked fixed', async () => {
    const open = corpus(squareLeOne, { x: '1.25' }, 'open');
    const o = await quick(squareLeOne, { fixturesDir: open.dir });
    expect([o.verdict, o.passed, o.notes, o.problems]).toEqual(['violated', false, [], []]);
    expect(o.counterexamples[0]!.replay).toBe(`npx thm replay ${open.file}`);
    const fixed = corpus(squareLeOne, { x: '1.25' }, 'fixed');
    const g = await quick(squareLeOne, { fixturesDir: fixed.dir });
    expect(g.problems).toHaveLength(1);
    expect(g.problems[0]).toMatch(/^regression: .* is marked fixed but is violated again/);
  });

  it("a theorem's fixture entry that is a file, not a folder, is one fixture problem; the run goes on", async () => {
    const dir = freshDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, squareLeOne.id), 'not a folder');
    const r = await quick(squareLeOne, { fixturesDir: dir });
    expect(r.fixtureProblems.map((p) => p.field)).toEqual(['folder']);
    expect([r.verdict, r.runs]).toEqual(['holds', 25]);
  });
});

describe('re-run and replay lines', () => {
  it('carry --runs and --backend only when given, and --theorem only for a file outside the catalogue', async () => {
    const plain = await quick(squareLeSelf);
    expect(plain.replay).toBe(`npx thm check ${squareLeSelf.id} --profile quick --seed ${plain.seed}`);
    const flagged = await quick(squareLeSelf, { runs: 7, backend: 'f64' });
    expect(flagged.replay).toBe(
      `npx thm check ${squareLeSelf.id} --profile quick --seed ${flagged.seed} --runs 7 --backend f64`,
    );
    const outside = path.join(tmp, 'elsewhere', 'toy_square_le_self.theorem.ts');
    const o = await quick(squareLeSelf, { file: outside, fixturesDir: freshDir() });
    expect(o.counterexamples[0]!.replay).toBe(`npx thm replay ${o.counterexamples[0]!.fixture} --theorem ${outside}`);
    const inside = path.join(CATALOGUE_DIR, 'toy', 'toy_square_le_self.theorem.ts');
    const i = await quick(squareLeSelf, { file: inside, fixturesDir: freshDir() });
    expect(i.counterexamples[0]!.replay).toBe(`npx thm replay ${i.counterexamples[0]!.fixture}`);
  });
});

describe('what a counterexample carries', () => {
  it('observed at the last rung (x² of the counterexample), and the reason of every violated rung', async () => {
    const r = await quick(squareLeOne, { fixturesDir: corpus(squareLeOne, { x: '1.25' }, 'open').dir });
    const cx = r.counterexamples[0]!;
    expect(cx.spec).toEqual({ x: '1.25' });
    // 1.25² = 1.5625 exactly, at every rung
    expect(Number(cx.observed?.x2)).toBe(1.5625);
    expect(cx.rungs.length).toBeGreaterThanOrEqual(3);
    expect(cx.rungs[0]!.reason).toMatch(/^x\^2<=1: violated/);
    for (const g of cx.rungs) expect(typeof g.reason).toBe('string');
  });

  it('an overflow at f64 only is a precision artifact, not a theorem error (only all-invalid rungs are)', async () => {
    // x·10²⁰⁰·10²⁰⁰/10⁴⁰⁰ = x overflows to ∞ in f64 (10⁴⁰⁰ > max double) but is exact at 50 digits
    const overflow = defineTheorem<{ x: string }>({
      id: 'toy_overflow_f64',
      title: 'x * 1e200 * 1e200 / 1e400 <= 2 for x <= 1',
      status: 'theorem',
      kind: 'upper',
      claim: String.raw`x \le 2`,
      refs: [{ key: 'folklore', where: 'test' }],
      hypotheses: fc.constant({ x: '1' }),
      violations: fc.constant({ x: '3' }),
      evaluate(B, { x }) {
        const big = B.num('1e200');
        const v = B.div(B.mul(B.mul(B.num(x), big), big), B.mul(big, big));
        return { claims: [claims.le(B, v, B.int(2), '0', 'x<=2')] };
      },
    });
    const r = await quick(overflow);
    expect(r.counterexamples.map((c) => [c.verdict, c.rungs[0]!.status])).toEqual([['precision_artifact', 'invalid']]);
    for (const g of r.counterexamples[0]!.rungs.slice(1)) expect(g.status).toBe('ok');
    for (const g of r.counterexamples[0]!.rungs.slice(1)) expect('reason' in g).toBe(false);
  });

  it('an undecided sample of a theorem is a warning; of a conjecture a note', async () => {
    const t = await quick(chaoticUndecided);
    expect(t.warnings.length).toBe(1);
    expect(t.notes).toEqual([]);
    const c = await quick({ ...chaoticUndecided, status: 'conjecture' });
    expect(c.warnings).toEqual([]);
    expect(c.notes.length).toBe(1);
    expect(c.notes[0]).toBe(t.warnings[0]);
  });
});

describe('negative control', () => {
  it('no violation found: holds over all its runs, and the check has no teeth', async () => {
    const r = await quick(noTeeth);
    expect(r.negativeControl).toEqual({
      verdict: 'holds',
      runs: PROFILES.quick.negativeRuns,
      reason: 'no violation found',
    });
    expect(r.problems.join('\n')).toMatch(/teeth/);
  });

  it('a violation that is only rounding does not certify the control', async () => {
    // the violations arbitrary yields one instance whose claim fails in f64 only
    const artifactOnly = defineTheorem<{ x: string }>({
      ...squareLeOne,
      id: 'toy_negative_artifact',
      violations: fc.constant({ x: 'artifact' }),
      evaluate(B, { x }) {
        if (x !== 'artifact') return squareLeOne.evaluate(B, { x });
        // 1 + 1000·√u ≤ 1 + 10⁻⁶ with bar 0: false in f64 (1000·√u ≈ 1.05·10⁻⁵), true at 50 digits
        const lhs = B.add(B.one, B.mul(B.int(1000), B.sqrt(B.eps)));
        return { claims: [claims.le(B, lhs, B.num('1.000001'), '0', 'artifact')] };
      },
    });
    const r = await quick(artifactOnly);
    expect(r.negativeControl.verdict).toBe('precision_artifact');
    expect(r.problems).toHaveLength(1);
  });
});

describe('health of the generator (judged on a full generate phase)', () => {
  /** x² ≤ bound on x ∈ [−1, 1]; every `every`-th call of evaluate (1st, 1 + every-th, …) is inconclusive. */
  const sometimesInconclusive = (id: string, every: number, bound: string) => {
    let calls = 0;
    return defineTheorem<{ x: string }>({
      ...squareLeOne,
      id,
      // no witnesses: every call of evaluate is a sample of the generate phase (then the negative control's)
      witnesses: [],
      evaluate(B, { x }) {
        calls++;
        if (Number(x) <= 1 && Number(x) >= -1 && calls % every === 1 % every) return inconclusive('skipped');
        const v = B.num(x);
        const x2 = B.mul(v, v);
        return { claims: [claims.le(B, x2, B.num(bound), claims.roundoff(B, 2, x2), 'x^2<=c')] };
      },
    });
  };

  it('exactly half the samples discarded is healthy; more than half is not', async () => {
    // 24 runs, every 2nd call inconclusive: 12 of 24 discarded, 2·12 = 24 is not > 24
    const half = await quick(sometimesInconclusive('toy_half_discarded', 2, '1'), { runs: 24 });
    expect([half.runs, half.discarded, half.problems]).toEqual([24, 12, []]);
    // 25 runs: 13 of 25 discarded
    const more = await quick(sometimesInconclusive('toy_more_discarded', 2, '1'), { runs: 25 });
    expect([more.runs, more.discarded]).toEqual([25, 13]);
    expect(more.problems).toHaveLength(1);
    expect(more.problems[0]).toMatch(/13 of 25/);
  });

  it('all samples discarded is not called vacuous; vacuous counts only the judged samples', async () => {
    const all = await quick(sometimesInconclusive('toy_all_discarded', 1, '1'));
    expect(all.discarded).toBe(all.runs);
    expect(all.problems).toHaveLength(1);
    expect(all.problems[0]).not.toMatch(/vacuous/);
    // a bound of 10¹⁵ makes every judged sample vacuous; one in three samples is discarded
    const loose = await quick(sometimesInconclusive('toy_vacuous_some_discarded', 3, '1e15'));
    expect(loose.discarded).toBeGreaterThan(0);
    expect(loose.vacuous).toBe(loose.runs - loose.discarded);
    expect(loose.problems.join('\n')).toMatch(/vacuous/);
  });
});
