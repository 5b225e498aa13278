/**
 * What `verifyTheorem` concludes from what the phases found: `passed` (every reason a run fails, one at a time),
 * `finding`, `observed` (the tightest sample's quantities) and the result's replay line. Killed survivors of the
 * mutation run over verify.ts (npm run mutate -- referee).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { claims, hypothesisViolatedError } from './claims.js';
import { defineTheorem, type AnyTheorem } from './define.js';
import { foundWith, writeFixture } from './fixtures.js';
import { verifyTheorem } from './verify.js';
import chaoticUndecided from './testdata/toy_chaotic_undecided.theorem.js';
import squareLeOne from './testdata/toy_square_le_one.theorem.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-verify-passed-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface XA {
  readonly x: string;
  readonly amp: string;
}

/**
 * x + amp·√u ≤ 1 + 10⁻⁶ (u = the backend's unit roundoff), error bar 0. With amp = 0 and x ≤ 1 it holds exactly on
 * every backend. With x = 1, amp = 1000 it fails on f64 only (1000·√u ≈ 1.05·10⁻⁵ > 10⁻⁶ at u = 2⁻⁵³, ≈ 10⁻²² at
 * 50 digits): a precision artifact. x = 2 violates it at every precision (the negative control).
 */
const precisionDependent = defineTheorem<XA>({
  id: 'toy_precision_dependent',
  title: 'x + amp·sqrt(u) <= 1 + 1e-6',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`x + a\sqrt{u} \le 1 + 10^{-6}`,
  refs: [{ key: 'folklore', where: 'test' }],
  hypotheses: fc.constantFrom<XA>({ x: '0.5', amp: '0' }, { x: '1', amp: '0' }),
  violations: fc.constant<XA>({ x: '2', amp: '0' }),
  evaluate(B, { x, amp }) {
    const lhs = B.add(B.num(x), B.mul(B.num(amp), B.sqrt(B.eps)));
    return { claims: [claims.le(B, lhs, B.num('1.000001'), '0', 'x<=1')], observed: { x } };
  },
});

const quick = (t: AnyTheorem, o: { fixturesDir?: string | null; strict?: boolean } = {}) =>
  verifyTheorem(t, { profile: 'quick', fixturesDir: o.fixturesDir ?? null, ...(o.strict ? { strict: true } : {}) });

describe('verifyTheorem: passed, finding, observed (mutation testing of verify.ts)', () => {
  it('a clean run of a true theorem passes with no notes, and is not a finding', async () => {
    const r = await quick(squareLeOne);
    expect([r.verdict, r.passed, r.finding]).toEqual(['holds', true, false]);
    expect(r.notes).toEqual([]);
    // a conjecture that holds is not a finding either: a finding is a violated conjecture
    const c = await quick({ ...squareLeOne, status: 'conjecture' });
    expect([c.verdict, c.passed, c.finding]).toEqual(['holds', true, false]);
  });

  it('observed is what the sample with the smallest slack observed; absent when evaluate observes nothing', async () => {
    const r = await quick(precisionDependent);
    // slack 1 + 10⁻⁶ − x is smallest at x = 1
    expect(r.observed).toEqual({ x: '1' });
    const silent = defineTheorem<XA>({
      ...precisionDependent,
      id: 'toy_precision_dependent_silent',
      evaluate: (B, s) => ({ claims: precisionDependent.evaluate(B, s).claims }),
    });
    const q = await quick(silent);
    expect(q.verdict).toBe('holds');
    expect('observed' in q).toBe(false);
  });

  it('an undecided counterexample of a theorem fails the run only under --strict; of a conjecture never', async () => {
    const plain = await quick(chaoticUndecided);
    expect([plain.verdict, plain.passed]).toEqual(['undecided', true]);
    expect(plain.warnings.join('\n')).toMatch(/undecided/);
    const strict = await quick(chaoticUndecided, { strict: true });
    expect([strict.verdict, strict.passed]).toEqual(['undecided', false]);
    const conjecture = await quick({ ...chaoticUndecided, status: 'conjecture' }, { strict: true });
    expect([conjecture.verdict, conjecture.passed]).toEqual(['undecided', true]);
  });

  it('a fixture problem alone fails the run (the theorem itself holds)', async () => {
    const dir = path.join(tmp, 'bad-fixture');
    fs.mkdirSync(path.join(dir, squareLeOne.id), { recursive: true });
    fs.writeFileSync(path.join(dir, squareLeOne.id, 'broken.json'), '{ "theorem": ');
    const r = await quick(squareLeOne, { fixturesDir: dir });
    expect(r.verdict).toBe('holds');
    expect(r.problems).toEqual([]);
    expect(r.fixtureProblems.map((p) => p.field)).toEqual(['JSON']);
    expect(r.passed).toBe(false);
  });

  it('a conjecture whose generator yields only instances outside its hypotheses fails (hypothesis_violated)', async () => {
    const rejects = defineTheorem<XA>({
      ...precisionDependent,
      id: 'toy_rejects_its_instances',
      status: 'conjecture',
      evaluate(B, s) {
        // the negative control (x = 2) still evaluates, so the run has teeth and no other problem
        if (s.x !== '2') throw hypothesisViolatedError(`x = ${s.x} is not > 1`);
        return precisionDependent.evaluate(B, s);
      },
    });
    const r = await quick(rejects);
    expect(r.verdict).toBe('hypothesis_violated');
    expect(r.problems).toEqual([]);
    expect(r.negativeControl.verdict).toBe('violated');
    expect(r.passed).toBe(false);
  });

  it("the result's replay line skips precision artifacts: an artifact fixture leaves the re-run command", async () => {
    const dir = path.join(tmp, 'artifact-fixture');
    const spec: XA = { x: '1', amp: '1000' };
    const { file } = writeFixture(dir, {
      theorem: precisionDependent.id,
      spec,
      verdict: 'violated',
      claims: [],
      found: foundWith({ seed: 1, path: null, profile: 'quick', backend: 'f64' }),
      status: 'open',
      note: '',
    });
    const r = await quick(precisionDependent, { fixturesDir: dir });
    expect(r.counterexamples.map((c) => [c.phase, c.verdict, c.fixture])).toEqual([
      ['fixture', 'precision_artifact', file],
    ]);
    expect(r.counterexamples[0]!.replay).toMatch(/^npx thm replay /);
    expect(r.replay).toBe(`npx thm check ${precisionDependent.id} --profile quick --seed ${r.seed}`);
  });
});
