/**
 * The referee exists to catch an evaluation whose f64 error bar was too small. Demonstration on the GFS-sharpness
 * monotonicity (docs/theorems/eos.md E13): near balance (w₁² − w₂² ≈ 2e-9) one GD step lowers φ by only 1e-25…1e-19,
 * far below f64's rounding of φ (~1e-16). A deliberately naive variant that claims φ(w_{t+1}) − φ(w_t) ≤ 0 with error
 * bar 0 "sees" increases at f64; dd (and dec:50/dec:100) resolve the true decrease, so the ladder classifies the f64
 * counterexample as `precision_artifact`. The catalogue theorem, with its derived bars, reports nothing on it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims, defineTheorem, verifyTheorem, type Claim } from '../../src/index.js';
import monotone from './scalar_net_gfs_sharpness_drops_of_lr_gfs_lt_2sqrt2_ratio_lt2.theorem.js';
import { gfsSharpness, snRun, type SnInstance } from './gfs.lib.js';

const nearBalanced: SnInstance = { w: ['1.000000001', '1'], y: '0.6', lr: '0.25' };
// η·φ(w₀) ≈ 0.3 < 2√2, π₀/y ≈ 1.67 ∈ (0, 2): inside H_K.
const badStep: SnInstance = { w: ['1.5', '0.5'], y: '0.5', lr: '2' }; // η·φ(w₀) = 2·√5 > 2√2: a real increase

const naive = defineTheorem<SnInstance>({
  id: 'naive_gfs_monotone_with_zero_error_bar',
  title: 'GFS sharpness decreases, checked with a zero error bar (deliberately wrong)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\varphi(w_{t+1})-\varphi(w_t)\le0`,
  refs: [{ key: 'docs/theorems/eos.md#e13-monotone-gfs-sharpness-empirical-region', where: 'region H_K (empirical)' }],
  hypotheses: fc.constant(nearBalanced),
  violations: fc.constant(badStep),
  evaluate(B, s) {
    const y = B.num(s.y);
    const tr = snRun(B, s, 8); // 8 steps: ε_t ≥ 1e-3, so each true decrease is ≥ 1e-25 ≫ dd's rounding (1e-32)
    const out: Claim[] = [];
    let prev = gfsSharpness(B, tr.thetas[0]!, y)!;
    for (let t = 0; t + 1 < tr.thetas.length; t++) {
      const next = gfsSharpness(B, tr.thetas[t + 1]!, y, prev.c);
      // φ undefined past a sign flip (as the catalogue theorem does; a crash is a theorem_error)
      if (next === undefined) break;
      // the naive part: error bar 0 on a difference of two rounded values
      out.push(claims.le(B, B.sub(next.value, prev.value), B.zero, '0', `naive_phi_nonincreasing@${t}`));
      prev = next;
    }
    return { claims: out };
  },
});

describe('precision ladder on the GFS-sharpness monotonicity', () => {
  it('classifies the naive f64 "violation" as a precision_artifact (dec:100 holds)', async () => {
    const r = await verifyTheorem(naive, { profile: 'quick', backend: 'f64', runs: 1, fixturesDir: null });
    expect(r.counterexamples.length).toBe(1);
    const cx = r.counterexamples[0]!;
    expect(cx.rungs[0]!.backend).toBe('f64');
    expect(cx.rungs[0]!.status).toBe('violated');
    expect(cx.verdict).toBe('precision_artifact');
    expect(r.verdict).toBe('precision_artifact');
  });

  it('finds no violation of the naive claim at dd (the decrease ~1e-18 is resolved)', async () => {
    const r = await verifyTheorem(naive, { profile: 'ci', backend: 'dd', runs: 1, fixturesDir: null });
    expect(r.counterexamples).toEqual([]);
    expect(r.verdict).toBe('holds');
  });

  it('reports nothing on the same instance at f64 with the derived error bars of the catalogue theorem', async () => {
    const honest = defineTheorem<SnInstance>({
      ...monotone,
      id: 'honest_on_near_balanced',
      hypotheses: fc.constant(nearBalanced),
      witnesses: [],
    });
    const r = await verifyTheorem(honest, { profile: 'quick', backend: 'f64', runs: 1, fixturesDir: null });
    expect(r.counterexamples).toEqual([]);
    expect(r.verdict).toBe('holds');
  });
});
