/**
 * Mirror descent on under-determined least squares (docs/theorems/mirror.md M3, M4): the instances, the run with its
 * per-step rounding bars, and the claims shared by the theorems of this folder.
 */
import fc from 'fast-check';
import {
  ballArith,
  ballAt,
  bregmanData,
  bregmanProjection,
  certifyIterate,
  claims,
  curvatureRange,
  gradInvOn,
  gradOn,
  inconclusive,
  linearClassifier,
  makePotential,
  mirrorDescent,
  objective,
  potentialLabel,
  spec,
  square,
  type Backend,
  type Ball,
  type Claim,
  type Evidence,
  type Num,
  type Opaque,
  type Potential,
  type PotentialSpec,
  type S,
  type V,
} from '../../src/index.js';

const R = spec.rational;

/** An instance: X = L·[I | A] (m × d, d > m, full row rank by construction), y = X·w_t (w_t > 0), w₀ > 0, the step. */
export interface MdSpec {
  /** The potential mirror descent runs with. */
  readonly potential: PotentialSpec;
  /** The potential whose mirror map / oracle the claims use: the same one, or (negative control) another. */
  readonly claimed: PotentialSpec;
  readonly X: readonly (readonly Num[])[];
  /** The block A of X = L[I | A]: ker X is spanned by (−A e_k, e_k). */
  readonly A: readonly (readonly Num[])[];
  readonly y: readonly Num[];
  readonly w0: readonly Num[];
  readonly lr: Num;
  /** At most this many steps (the run stops once ‖Xw − y‖ ≤ 1e-12). */
  readonly maxSteps: number;
}

const eighths = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => R.q(BigInt(k), 8n));

/** The potentials of the table (M1) with the parameters the theorems draw. */
export const tablePotential: fc.Arbitrary<PotentialSpec> = fc.oneof(
  fc.constant<PotentialSpec>({ name: 'squared' }),
  fc.constant<PotentialSpec>({ name: 'negEntropy' }),
  fc.integer({ min: 2, max: 16 }).map((k): PotentialSpec => ({ name: 'hypentropy', param: String(k / 8) })),
  fc.integer({ min: 2, max: 8 }).map((k): PotentialSpec => ({ name: 'woodworth', param: String(k / 8) })),
  fc.constantFrom('1.5', '3').map((p): PotentialSpec => ({ name: 'pNorm', param: p })),
  fc.constant<PotentialSpec>({ name: 'squaredPlusCubic' }),
  fc.constant<PotentialSpec>({ name: 'squaredPlusQuartic' }),
  fc.constant<PotentialSpec>({ name: 'squaredPlusCubic', width: 4 }),
  fc.constant<PotentialSpec>({ name: 'hypentropy', param: '1', width: 4 }),
);

/** Potentials on the whole line, for the negative controls (their mirror maps accept iterates of either sign). */
const OTHERS: readonly PotentialSpec[] = [
  { name: 'squared' },
  { name: 'hypentropy', param: '0.25' },
  { name: 'squaredPlusCubic' },
  { name: 'squaredPlusQuartic' },
];

const same = (a: PotentialSpec, b: PotentialSpec) => potentialLabel(a) === potentialLabel(b);

/**
 * A lower bound of φ″ on |x| ≤ 4 (a heuristic scale for the step, not a hypothesis: a run that does not converge is
 * inconclusive, as the theorem assumes convergence).
 */
export function curvatureFloor(p: PotentialSpec): number {
  const c = Math.sqrt(p.width ?? 1);
  const r = 4 * c;
  const v = Number(p.param ?? '0');
  switch (p.name) {
    case 'negEntropy':
      return 1 / r;
    case 'hypentropy':
      return 1 / Math.sqrt(r * r + v * v);
    case 'woodworth':
      return 1 / Math.sqrt(r * r + 4 * v ** 4);
    case 'pNorm':
      return v < 2 ? (v - 1) * r ** (v - 2) : (v - 1) * 0.5 ** (v - 2);
    case 'squared':
      return 1;
    default:
      return 2;
  }
}

/** An under-determined system: X = L[I | A] (m × d), y = X·w_t, as exact strings, and A (ker X = span (−Ae_k, e_k)). */
export interface System {
  readonly X: Num[][];
  readonly A: Num[][];
  readonly y: Num[];
  /** ‖X‖_F² as a double (for step-size scales only). */
  readonly fro: number;
}

/**
 * Systems with m ∈ {1, 2} rows and d = m + {1, 2} columns: L unit lower triangular with entries k/8, |k| ≤ 2 (det 1:
 * full row rank by construction), A with entries k/8, |k| ≤ 6, w_t with entries k/8, k ∈ [wtLo, wtHi] (y = X·w_t is
 * attained, so the feasible set meets the domain of the negative entropy when w_t > 0). Exact rationals throughout.
 */
export function systemArb(wtLo: number, wtHi: number): fc.Arbitrary<System> {
  return fc
    .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
    .chain(([m, extra]) =>
      fc.record({
        Lo: fc.array(eighths(-2, 2), { minLength: m * m, maxLength: m * m }),
        A: fc.array(fc.array(eighths(-6, 6), { minLength: extra, maxLength: extra }), { minLength: m, maxLength: m }),
        wt: fc.array(eighths(wtLo, wtHi), { minLength: m + extra, maxLength: m + extra }),
      }),
    )
    .map(({ Lo, A, wt }) => {
      const m = A.length;
      const d = wt.length;
      const L = Array.from({ length: m }, (_, i) =>
        Array.from({ length: m }, (_, j) => (i === j ? R.ONE : j < i ? Lo[i * m + j]! : R.ZERO)),
      );
      const base = A.map((row, i) => [...Array.from({ length: m }, (_, j) => (i === j ? R.ONE : R.ZERO)), ...row]);
      const X = L.map((row) =>
        Array.from({ length: d }, (_, c) =>
          R.dot(
            row,
            base.map((b) => b[c]!),
          ),
        ),
      );
      const y = X.map((row) => R.dot(row, wt));
      return {
        X: X.map((r) => r.map((v) => R.toPlainNum(v))),
        A: A.map((r) => r.map((v) => R.toPlainNum(v))),
        y: y.map((v) => R.toPlainNum(v)),
        fro: X.flat().reduce((acc, v) => acc + R.toNumber(v) ** 2, 0),
      };
    });
}

/** The largest power of 2 ≤ x, as an exact decimal string. */
export const powerOfTwoBelow = (x: number): Num => R.toPlainNum(R.parseNum((2 ** Math.floor(Math.log2(x))).toString()));

function instance(potential: PotentialSpec, claimed: fc.Arbitrary<PotentialSpec>, maxSteps: number) {
  return fc.record({ sys: systemArb(2, 8), claimed }).chain(({ sys, claimed: cl }) =>
    fc.array(eighths(2, 8), { minLength: sys.X[0]!.length, maxLength: sys.X[0]!.length }).map((w0): MdSpec => ({
      potential,
      claimed: cl,
      X: sys.X,
      A: sys.A,
      y: sys.y,
      w0: w0.map((v) => R.toPlainNum(v)),
      // η = 2^-k ≤ φ″-floor/(2‖X‖_F²) (M4: every step for which the run converges)
      lr: powerOfTwoBelow(curvatureFloor(potential) / (2 * sys.fro)),
      maxSteps,
    })),
  );
}

/** Hypotheses: MD and the claims use the same potential. */
export const hypotheses = (maxSteps: number) => tablePotential.chain((p) => instance(p, fc.constant(p), maxSteps));

/** Negative control: the claims use another potential (on the whole line) than the run. */
export const violations = (maxSteps: number) =>
  tablePotential.chain((p) => instance(p, fc.constantFrom(...OTHERS.filter((o) => !same(o, p))), maxSteps));

/** A saved point of the run: θ̂_t, ẑ_t (the stepper's dual) and Σ_{s<t} b_s (M3's dual rounding bars). */
export interface MdPoint {
  readonly t: number;
  readonly theta: V<Opaque>;
  readonly dual: V<Opaque>;
  readonly acc: V<Opaque>;
}

export interface MdRun {
  readonly points: readonly MdPoint[];
  readonly converged: boolean;
  readonly steps: number;
  readonly residual: S<Opaque>;
}

const TOL = '1e-12';

/**
 * Runs `mirrorDescent` on L(w) = ½‖Xw − y‖² (sum reduction) until ‖Xw − y‖ ≤ 1e-12 or maxSteps, saving t ≤ 8, powers
 * of 2 and the last step, with the accumulated dual rounding bar Σ_s 2b_s of M3 (b_s entrywise
 * u[2η(m + 2)|X|ᵀ(|X||θ_s| + |y|) + η|ĝ_s| + |ẑ_{s+1}|]; the factor 2 covers the (1 + u) factors and the rounding of
 * the bar itself).
 */
export function runMd(B: Backend<Opaque>, s: MdSpec): MdRun | { readonly diverged: string } {
  const P = makePotential(B, s.potential);
  const X = B.mat(s.X);
  const y = B.vec(s.y);
  const m = B.rows(X);
  const d = B.cols(X);
  const F = objective(B, linearClassifier(B, { d }), square(B), { X, y }, { reduction: 'sum' });
  const eta = B.num(s.lr);
  const st = mirrorDescent(B, { lr: eta, potential: P });
  const absX = B.reshape(B.map('abs', B.flatten(X)), m, d);
  const absY = B.map('abs', y);
  const k1 = B.mul(B.mul(B.int(2 * (m + 2)), eta), B.eps);
  const k2 = B.mul(eta, B.eps);
  const tol = B.num(TOL);
  let state = st.init(F, B.vec(s.w0));
  let acc = B.zeros(d);
  const points: MdPoint[] = [{ t: 0, theta: state.theta, dual: state.dual, acc }];
  let t = 0;
  let residual = B.nrm2(B.vsub(B.gemv(X, state.theta), y));
  let converged = B.cmp(residual, tol) <= 0;
  while (!converged && t < s.maxSteps) {
    const g = F.grad(state.theta);
    const next = st.step(F, state, t);
    const r = B.vadd(B.gemv(absX, B.map('abs', state.theta)), absY);
    const b = B.vadd(
      B.vadd(B.scal(k1, B.gemv(absX, r, true)), B.scal(k2, B.map('abs', g))),
      B.scal(B.eps, B.map('abs', next.dual)),
    );
    acc = B.axpy(B.int(2), b, acc);
    state = next;
    t++;
    if (!B.allFinite(state.theta)) return { diverged: `mirror descent diverged at step ${t} (η = ${s.lr})` };
    residual = B.nrm2(B.vsub(B.gemv(X, state.theta), y));
    converged = B.cmp(residual, tol) <= 0;
    if (t <= 8 || (t & (t - 1)) === 0 || converged || t === s.maxSteps) {
      points.push({ t, theta: state.theta, dual: state.dual, acc });
    }
  }
  return { points, converged, steps: t, residual };
}

/** The exact kernel basis n_k = (−A e_k, e_k) of X = L[I | A]. */
export function kernelBasisOf(B: Backend<Opaque>, A: readonly (readonly Num[])[]): V<Opaque>[] {
  const m = A.length;
  const extra = A[0]!.length;
  return Array.from({ length: extra }, (_, k) => {
    const top = Array.from({ length: m }, (_, i) => R.toPlainNum(R.neg(R.parseNum(A[i]![k]!))));
    const bottom = Array.from({ length: extra }, (_, j) => (j === k ? '1' : '0'));
    return B.vec([...top, ...bottom]);
  });
}

/** The kernel basis of an instance's X. */
export const kernelBasis = (B: Backend<Opaque>, s: MdSpec): V<Opaque>[] => kernelBasisOf(B, s.A);

/**
 * M3's invariant at one saved point: ⟨n_k, ∇Φ_c(θ̂_t) − ∇Φ_c(θ̂_0)⟩ = 0 for the claimed potential Φ_c, with the bar
 * |n_k|ᵀ(acc_t + H_t δ_t + H_0 δ_0): acc_t the dual rounding, δ the distance from θ̂ to the exact (φ′)⁻¹(ẑ) of the
 * run's potential (enclosed), H ≥ φ_c″ between them. Null when φ_c″ is unbounded there (p-norm, p < 2, near 0).
 */
export function invariantClaims(
  B: Backend<Opaque>,
  P: Potential<Opaque>,
  Pc: Potential<Opaque>,
  p0: MdPoint,
  p: MdPoint,
  basis: readonly V<Opaque>[],
): Claim[] | null {
  const K = ballArith(B);
  const d = B.dim(p.theta);
  const roundTrip = (q: MdPoint): { g: Ball<Opaque>[]; slack: S<Opaque>[] } | null => {
    const g: Ball<Opaque>[] = [];
    const slack: S<Opaque>[] = [];
    for (let j = 0; j < d; j++) {
      const th = B.at(q.theta, j);
      const W = gradInvOn(P, K, K.exact(B.at(q.dual, j)));
      const delta = K.upper(K.abs(K.sub(K.exact(th), W)));
      const lo = B.min(th, K.lower(W));
      const hi = B.max(th, K.upper(W));
      if (Pc.domain === 'positive' && !(B.cmp(lo, B.zero) > 0)) return null;
      const H = curvatureRange(Pc, K, lo, hi);
      if (H === null || !B.isFinite(H.max)) return null;
      slack.push(K.upper(K.mul(K.exact(H.max), K.exact(delta))));
      g.push(gradOn(Pc, K, K.exact(th)));
    }
    return { g, slack };
  };
  const a = roundTrip(p);
  const a0 = roundTrip(p0);
  if (a === null || a0 === null) return null;
  // ⟨n_k, ∇Φ_c(θ̂_t)⟩ = ⟨n_k, ∇Φ_c(θ̂_0)⟩: two nonzero sides (an invariant, not a quantity compared with 0)
  const vb = (g: Ball<Opaque>[]) => K.vof(B.pack(g.map((x) => x.value)), B.pack(g.map((x) => x.err)));
  return basis.map((n, k) => {
    const lhs = K.dot(K.vexact(n), vb(a.g));
    const rhs = K.dot(K.vexact(n), vb(a0.g));
    const absN = B.map('abs', n);
    const bar = B.add(B.dot(absN, p.acc), B.dot(absN, B.vadd(B.pack(a.slack), B.pack(a0.slack))));
    // the bar is a sum of nonnegative terms: its own rounding is covered by the factor 2 inside acc and by widening it
    // by 4d·u relative (K.widen rounds up)
    const widened = K.widen(lhs, B.mul(bar, B.add(B.one, B.mul(B.int(4 * d), B.eps))));
    return claims.eq(B, widened, rhs, `dual_in_row_space_n${k}@t${p.t}`);
  });
}

/**
 * M4: the run's last iterate encloses w* of its own potential within the certified box of its residual; the claim is
 * that this enclosure meets the oracle of the claimed potential (the same w* in the hypotheses).
 */
export function limitClaims(
  B: Backend<Opaque>,
  s: MdSpec,
  P: Potential<Opaque>,
  Pc: Potential<Opaque>,
  last: MdPoint,
): Evidence {
  const K = ballArith(B);
  const prob = { X: s.X, y: s.y, w0: s.w0 };
  const oracle = bregmanProjection(Pc, prob);
  if (!oracle.ok) return inconclusive(`no certified oracle: ${oracle.reason}`);
  const it = certifyIterate(P, bregmanData(P, prob), last.theta);
  if ('reason' in it) return inconclusive(it.reason);
  const out: Claim[] = [];
  let worst = B.zero;
  for (let j = 0; j < B.dim(last.theta); j++) {
    const box = ballAt(K, it.box, j);
    // θ̂_T and w*_P both lie in the box, so |θ̂_T − w*_P| ≤ 2·radius
    const twoR = K.upper(K.mul(K.int(2), K.exact(box.err)));
    worst = B.max(worst, twoR);
    out.push(
      claims.eq(B, K.widen(K.exact(B.at(last.theta, j)), twoR), ballAt(K, oracle.wStar, j), `limit_is_oracle_w${j}`),
    );
  }
  if (B.cmp(worst, B.num('1e-8')) > 0) {
    return inconclusive(`the iterate after ${last.t} steps is certified only within ${B.show(worst)} of its limit`);
  }
  return {
    claims: out,
    observed: {
      steps: String(last.t),
      oracle_newton_steps: String(oracle.newtonSteps),
      certified_distance: B.show(worst),
      oracle_radius: B.show(B.amax(oracle.wStar.err)),
    },
  };
}
