import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS, ddBackend, gd, gfLimit, linear2, objective, run, square } from '../index.js';
import { INSTANCE, tradeoffData, tradeoffSvg } from './eosTradeoff.js';

const ETAS = ['0.1', '0.4', '0.7'];
const MAX_STEPS = 5000;

/** ½ ulp of a double in [2, 4) (√13 ≈ 3.61): one round-to-nearest to a double moves a value there by at most this. */
const HALF_ULP_2_4 = 2 ** -52;

/**
 * The figure data keep bare doubles (TradeoffRow.sharpness, lamGfEngine) and drop the error bars, so the dd
 * quantities are recomputed here exactly as tradeoffData computes them (same instance, options and stop rule), checked
 * to be the figure's numbers, and compared as value ± err.
 */
function withBars() {
  const B = ddBackend();
  const u = B.eps;
  const k = INSTANCE.a.length;
  const F = objective(B, linear2(B, { k }), square(B), { X: B.mat([['1']]), y: B.vec([INSTANCE.Phi]) });
  const theta0 = B.concat([B.vec([...INSTANCE.a]), B.vec([...INSTANCE.b])]);
  const Phi = B.num(INSTANCE.Phi);
  const tol = B.num('1e-20');
  const gf = gfLimit(F, theta0, { rtol: '1e-16', atol: '1e-16', tol: '1e-18' });
  // λ_GF = ‖θ∞‖² (‖a∞‖² + ‖b∞‖² for this instance): with e = gf.err ≥ ‖θ − θ∞‖, |‖θ‖² − ‖θ∞‖²| ≤ e(2‖θ‖ + e), and
  // the length-4 dot is within (n + 4)u·‖θ‖² = 8u‖θ‖² (numeric/laws.ts, dot).
  const lam = B.dot(gf.theta, gf.theta);
  const e = gf.err;
  const lamErr = B.add(B.mul(e, B.add(B.mul(B.int(2), B.sqrt(lam)), e)), B.mul(B.mul(B.int(8), u), lam));
  const rows = ETAS.map((eta) => {
    const sol = run(F, gd(B, { lr: B.num(eta) }), theta0, {
      steps: MAX_STEPS,
      stop: (_F, th) =>
        B.cmp(B.abs(B.sub(B.dot(B.slice(th, 0, k), B.slice(th, k, 2 * k)), Phi)), tol) <= 0 ? 'converged' : undefined,
    });
    const S = DIAGNOSTICS.sharpness.compute({ F, theta: sol.theta }) as { value: typeof lam; err: typeof lam };
    // 2/η in dd: num(η) within u·η and div within 5u (numeric/laws.ts), so within 7u·(2/η) of the exact 2/η.
    const cap = B.div(B.int(2), B.num(eta));
    return { value: S.value, err: S.err, cap, capErr: B.mul(B.mul(B.int(7), u), cap) };
  });
  return { B, gf, lam, lamErr, rows };
}

describe('EoS trade-off figure', () => {
  const d = tradeoffData(ETAS, { maxSteps: MAX_STEPS });
  const { B, gf, lam, lamErr, rows } = withBars();
  const lo = (x: (typeof rows)[number]) => B.sub(x.value, x.err);
  const hi = (x: (typeof rows)[number]) => B.add(x.value, x.err);

  it('takes the GF limit from the engine gradient flow, matching the closed form √(Q₀² + 4Φ²) = √13', () => {
    expect(gf.result).toBe('ok');
    expect(B.toNumber(lam)).toBe(d.lamGfEngine);
    // |λ̂ − √13| ≤ lamErr (≈ 8e-15, from gf.err ≈ 2e-15) + toNumber's and Math.sqrt's roundings (½ ulp each).
    expect(Math.abs(d.lamGfEngine - Math.sqrt(13))).toBeLessThanOrEqual(B.toNumber(lamErr) + 2 * HALF_ULP_2_4);
    // Closed form: Q₀² + 4Φ² = 13 is formed exactly in dd and dd sqrt is within 4u (laws.ts); then two roundings to
    // double (toNumber, Math.sqrt), ½ ulp each.
    expect(Math.abs(d.lamGfClosed - Math.sqrt(13))).toBeLessThanOrEqual(
      2 * HALF_ULP_2_4 + 4 * B.toNumber(B.eps) * Math.sqrt(13),
    );
  });

  it('shows GD limits flatter than the GF limit and below the 2/η cap, flatter for larger η', () => {
    for (const [i, r] of d.rows.entries()) {
      expect(r.steps).not.toBeNull();
      const x = rows[i]!;
      expect(B.toNumber(x.value)).toBe(r.sharpness);
      // Certain comparisons of value ± err (not just of the computed values): λ∞ + err < λ_GF − lamErr, and
      // λ∞ + err < 2/η − capErr (η·λ∞ < 2 strictly: these GD runs converge, they do not sit on the edge).
      expect(B.cmp(hi(x), B.sub(lam, lamErr)), `η = ${r.eta}: λ∞ not certainly below λ_GF`).toBeLessThan(0);
      expect(B.cmp(hi(x), B.sub(x.cap, x.capErr)), `η = ${r.eta}: λ∞ not certainly below 2/η`).toBeLessThan(0);
    }
    expect(B.cmp(hi(rows[2]!), lo(rows[1]!))).toBeLessThan(0);
    expect(B.cmp(hi(rows[1]!), lo(rows[0]!))).toBeLessThan(0);
  });

  it('renders an SVG with vega-lite (headless)', async () => {
    const svg = await tradeoffSvg(d);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('step size η');
  });
});
