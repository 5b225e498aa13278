/**
 * A theorem a user brings from outside the repository (src/objective/external.test.ts copies this file into a
 * temporary folder, with the import below pointed at the library's entry point, and runs `thm check` on it).
 *
 * Drori & Teboulle 2014 (Math. Program. 145, Theorem 3.1): for a convex L-smooth f and gradient descent
 * x_{k+1} = x_k − (h/L)∇f(x_k) with 0 < h ≤ 1, f(x_N) − f* ≤ L‖x_0 − x*‖²/(4Nh + 2); equality for the Huber function
 * L·Huber_δ with δ = |x_0|/(2Nh + 1) (their §3.2 / eq. (3.10)). Here f = L·Huber_δ on ℝ (x* = 0, f* = 0), written
 * once over a field: the library runs it on the backend's scalars for GD and on balls for its error bars.
 *
 * Error bars: f(x̂_N) and ∇f(x̂_k) from the objective's ball error model (valueWithError, gradWithError). Structural
 * bar (the run's backward error, not arithmetic here): the exact GD map T(x) = x − η·∇f(x) is nonexpansive for
 * ηL ≤ 2, so |x̂_N − x_N| ≤ Δ = Σ_k ρ_k with ρ_k = η·(gradient bar) + 2u(|ηĝ_k| + |x̂_{k+1}|) (one product, one sum in
 * the axpy); f is Lδ-Lipschitz, so f(x_N) ≤ f(x̂_N) + LδΔ.
 */
import {
  ballArith,
  claims,
  defineTheorem,
  fc,
  fieldObjective,
  gd,
  gradWithError,
  run,
  valueWithError,
  type Field,
  type FieldObjectiveSpec,
  type Num,
} from '../../index.js';

/** L·Huber_δ(x) = L·m(|x| − m/2) with m = min(|x|, δ) (no branch, so it runs on balls); f'(x) = L·clamp(x, −δ, δ). */
export function huber(L: Num, delta: Num): FieldObjectiveSpec {
  return {
    dim: 1,
    value: <T>(f: Field<T>, [x]: readonly T[]) => {
      const a = f.abs(x!);
      const m = f.min(a, f.num(delta));
      return f.mul(f.num(L), f.mul(m, f.sub(a, f.mul(f.num('0.5'), m))));
    },
    grad: <T>(f: Field<T>, [x]: readonly T[]) => [f.mul(f.num(L), f.max(f.neg(f.num(delta)), f.min(x!, f.num(delta))))],
  };
}

interface HuberGd {
  readonly L: Num;
  readonly delta: Num;
  readonly x0: Num;
  /** η = u·2/L, so h = ηL = 2u. */
  readonly u: Num;
  readonly N: number;
}

/** The constant of the bound L R²/(C·N·h + 2). */
const C = 4;

const grid = (lo: number, hi: number, den: number) => fc.integer({ min: lo, max: hi }).map((k) => String(k / den));
const signed = (lo: number, hi: number, den: number) =>
  fc.tuple(grid(lo, hi, den), fc.boolean()).map(([x, neg]) => (neg ? `-${x}` : x));

export default defineTheorem<HuberGd>({
  id: 'huber_gd_worst_case',
  title: 'GD with h = ηL ≤ 1 on L·Huber_δ: f(x_N) ≤ L x₀²/(4Nh + 2), tight for δ = |x₀|/(2Nh + 1)',
  status: 'theorem',
  kind: 'tight',
  claim: String.raw`f = L\,\mathrm{Huber}_\delta,\ \eta = u\cdot\tfrac{2}{L},\ u \in (0, \tfrac12) \implies f(x_N) \le \frac{L x_0^2}{4N\eta L + 2}`,
  refs: [{ key: 'DroriTeboulle2014', where: 'Math. Program. 145, Theorem 3.1 and the Huber example of §3.2' }],
  // u ∈ (0, ½): h = 2u < 1 (η is rounded once more, by at most a few u, which stays below 1)
  hypotheses: fc.record({
    L: grid(4, 64, 16),
    delta: grid(1, 256, 64),
    x0: signed(1, 64, 16),
    u: grid(1, 127, 256),
    N: fc.integer({ min: 1, max: 30 }),
  }),
  // negative control: h ∈ (1.95, 1.99) and δ ≥ |x₀| (the quadratic piece): f(x_N) = L x₀²(h − 1)^{2N}/2 exceeds the
  // bound
  violations: fc.record({
    L: grid(4, 64, 16),
    delta: grid(32, 64, 16),
    x0: signed(1, 32, 16),
    u: grid(250, 254, 256),
    N: fc.integer({ min: 5, max: 30 }),
  }),
  // equality case: L = 1, h = ½, N = 4, x₀ = 5/4, δ = x₀/(2Nh + 1) = ¼
  witnesses: [{ L: '1', delta: '0.25', x0: '1.25', u: '0.25', N: 4 }],
  evaluate(B, s) {
    const K = ballArith(B);
    const F = fieldObjective(B, huber(s.L, s.delta));
    const eta = B.mul(B.num(s.u), B.div(B.int(2), B.num(s.L)));
    const sol = run(F, gd(B, { lr: eta }), B.vec([s.x0]), { steps: s.N, save: { every: 1 } });
    if (sol.result !== 'ok') return { claims: [], inconclusive: sol.message };
    const pts = sol.trajectory;
    const u2 = K.exact(B.mul(B.int(2), B.eps));
    let Delta = K.int(0);
    for (let k = 0; k < s.N; k++) {
      const g = gradWithError(F, pts[k]!.theta);
      const etaG = K.mul(K.exact(eta), K.exact(B.abs(B.at(g.grad, 0))));
      const next = K.exact(B.abs(B.at(pts[k + 1]!.theta, 0)));
      Delta = K.add(Delta, K.add(K.mul(K.exact(eta), K.exact(B.at(g.err, 0))), K.mul(u2, K.add(etaG, next))));
    }
    const lip = K.mul(K.num(s.L), K.num(s.delta));
    const fN = K.widen(valueWithError(F, sol.theta), K.upper(K.mul(lip, Delta)));
    const h = K.mul(K.exact(eta), K.num(s.L));
    const bound = K.div(K.mul(K.num(s.L), K.sqr(K.num(s.x0))), K.add(K.mul(K.int(C * s.N), h), K.int(2)));
    return {
      claims: [claims.le(B, fN, bound, 'f(x_N)<=L*x0^2/(4Nh+2)')],
      observed: { h: B.show(h.value), f_N: B.show(fN.value), bound: B.show(bound.value) },
    };
  },
});
