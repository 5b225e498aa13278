/**
 * Width ladders of the linearized shallow network (docs/theorems/mirror.md M6, M8): for seeds j = 1 … S, the features
 * at two widths n₁ < n₂ (independent draws), and at each width the learned functions of the certified oracles on a
 * grid. What P2.3 and P2.4 compare across the ladder, one ball per seed:
 * - gap(n) = ‖f^φ_n − f^{GD}_n‖_∞ (mirror descent vs gradient descent limits);
 * - defect(n) = ‖f^φ_{Y₁+Y₂} − f^φ_{Y₁} − f^φ_{Y₂}‖_∞ (label nonlinearity);
 * - lazy(n) = √n·‖a*_n‖_∞ (how far the output weights move from 0, on the O(n^{−1/2}) scale);
 * - kernel(n) = ‖f^{GD}_n − f_∞‖_∞ against the (O2) kernel interpolant (M7).
 */
import fc from 'fast-check';
import {
  ballArith,
  bregmanProjection,
  inconclusive,
  kernelInterpolant,
  makePotential,
  mirrorDescent,
  objective,
  shallowInit,
  shallowNet,
  spec,
  square,
  type Backend,
  type Ball,
  type Claim,
  type Evidence,
  type Num,
  type Opaque,
  type PotentialSpec,
  type ShallowActivation,
} from '../../src/index.js';
import { gridOf, psiOf } from './lazy.lib.js';

const R = spec.rational;

export interface LadderSpec {
  readonly activation: ShallowActivation;
  readonly c: Num;
  readonly x: readonly Num[];
  readonly y1: readonly Num[];
  readonly y2: readonly Num[];
  /** The non-quadratic potential, unscaled (P2.3) or scaled to each width (P2.4: `scaled` true). */
  readonly potential: PotentialSpec;
  readonly scaled: boolean;
  /**
   * Also run mirror descent on the full network (`Rung.move`) at these two widths, or not (null). Its own ladder: the
   * run costs FULL_STEPS steps on 3n parameters, and a counterexample is rerun at mpfr precision, so it stays at
   * widths where that rerun fits the budget.
   */
  readonly fullWidths: readonly [number, number] | null;
  readonly widths: readonly [number, number];
  readonly sampling: { readonly seed: number; readonly samples: number };
  /**
   * Compute only this quantity (and its oracles): the negative controls, whose certified violation the referee reruns
   * on four times the seeds at mpfr precision, where each certified oracle costs a tenth of a second.
   */
  readonly only?: 'gap' | 'kernel';
}

/** The four ladder quantities at one width for one seed (with `only`, just that one: the others absent). */
export interface Rung {
  readonly gap?: Ball<Opaque>;
  readonly defect?: Ball<Opaque>;
  readonly lazy?: Ball<Opaque>;
  readonly kernel?: Ball<Opaque>;
  /** √n·max_{t ≤ T}‖θ(t) − θ(0)‖_∞ of mirror descent on the full network (when the spec asks: `fullWidths`). */
  readonly move?: Ball<Opaque>;
}

/**
 * Instances: σ, c ∈ {1, 2}, 3 points {−c/2, 0, c/2}, labels k/8 (|k| ≤ 4), one of the paper's two potentials (or of
 * `potentials`).
 */
export function ladderInstances(
  scaled: boolean,
  widths: readonly [number, number],
  samples: number,
  fullWidths: readonly [number, number] | null = null,
  potentials: readonly PotentialSpec[] = [{ name: 'squaredPlusCubic' }, { name: 'squaredPlusQuartic' }],
): fc.Arbitrary<LadderSpec> {
  return fc
    .record({
      activation: fc.constantFrom<ShallowActivation>('relu', 'abs'),
      c: fc.constantFrom('1', '2'),
      y1: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }),
      y2: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }),
      potential: fc.constantFrom<PotentialSpec>(...potentials),
      seed: fc.nat({ max: 2 ** 31 - 1 }),
    })
    .filter((r) => r.y1.some((k) => k !== 0) && r.y2.some((k) => k !== 0))
    .map((r): LadderSpec => ({
      activation: r.activation,
      c: r.c,
      x: [-1, 0, 1].map((k) => R.toPlainNum(R.div(R.mul(R.q(BigInt(k)), R.parseNum(r.c)), R.q(2n)))),
      y1: r.y1.map((k) => R.toPlainNum(R.q(BigInt(k), 8n))),
      y2: r.y2.map((k) => R.toPlainNum(R.q(BigInt(k), 8n))),
      potential: r.potential,
      scaled,
      fullWidths,
      widths,
      sampling: { seed: r.seed, samples },
    }));
}

/** The feature seed of sample j at rung i (distinct for every (seed, j, i)). */
const featureSeed = (s: LadderSpec, j: number, i: number) => (s.sampling.seed * 7919 + j * 2 + i) % 2 ** 40;

/** max_t |f(t) − g(t)| over the grid, as a ball. */
function supDist(B: Backend<Opaque>, f: Ball<Opaque>[], g: Ball<Opaque>[]): Ball<Opaque> {
  const K = ballArith(B);
  return f.map((v, i) => K.abs(K.sub(v, g[i]!))).reduce((a, b) => K.max(a, b));
}

/** Steps of the full-network run (η = 1/8, labels Y₁/8: the lazy regime needs small labels, M8). */
export const FULL_STEPS = 400;

/**
 * √n·max_{t ≤ T}‖θ(t) − θ(0)‖_∞ for mirror descent with the (unscaled, uncentered) potential on the full network
 * `shallowNet` from the stated initialization (a = 0, w = ±1, b uniform), labels Y₁/8, T = FULL_STEPS. The bar covers
 * the rounding of the differences only (the trajectory is the computed one; the referee reruns at higher precision).
 */
export function fullNetworkMove(B: Backend<Opaque>, s: LadderSpec, n: number, seed: number): Ball<Opaque> | null {
  const K = ballArith(B);
  const { a, w, b } = shallowInit(n, s.c, seed);
  const model = shallowNet(B, { width: n, activation: s.activation });
  const y = s.y1.map((v) => R.toPlainNum(R.div(R.parseNum(v), R.q(8n))));
  const F = objective(B, model, square(B), { X: B.mat(s.x.map((x) => [x])), y: B.vec(y) }, { reduction: 'sum' });
  const st = mirrorDescent(B, { lr: B.num('0.125'), potential: makePotential(B, s.potential) });
  const theta0 = B.vec([...w, ...b, ...a]);
  let state = st.init(F, theta0);
  let move = B.zero;
  for (let t = 0; t < FULL_STEPS; t++) {
    state = st.step(F, state, t);
    if (!B.allFinite(state.theta)) return null;
    move = B.max(move, B.amax(B.vsub(state.theta, theta0)));
  }
  // |fl(θ − θ₀) − (θ − θ₀)| ≤ u|fl(θ − θ₀)|: the max carries a relative bar 2u
  return K.mul(K.sqrt(K.int(n)), K.of(move, B.mul(B.mul(B.int(2), B.eps), move)));
}

/**
 * The rung at width n for one feature seed, or a reason (an oracle without a certificate); with the full network's
 * move at width `full` when given.
 */
export function rung(
  B: Backend<Opaque>,
  s: LadderSpec,
  n: number,
  seed: number,
  full: number | null = null,
): Rung | { reason: string } {
  const K = ballArith(B);
  const inst = { activation: s.activation, c: s.c, width: n, seed, x: s.x };
  const psi = psiOf(inst);
  const grid = K.mnum(psiOf({ ...inst, x: gridOf(s.c) }));
  const zero = Array.from({ length: n }, () => '0');
  const phi: PotentialSpec = s.scaled ? { ...s.potential, width: n } : s.potential;
  const solveFor = (p: PotentialSpec, Y: readonly Num[]) => {
    const o = bregmanProjection(makePotential(B, p), { X: psi, y: Y, w0: zero });
    if (!o.ok) return null;
    const f = K.gemv(grid, o.wStar);
    return { a: o.wStar, f: Array.from({ length: B.dim(f.value) }, (_, i) => K.at(f, i)) };
  };
  const sum = s.y1.map((a, i) => R.toPlainNum(R.add(R.parseNum(a), R.parseNum(s.y2[i]!))));
  const all = s.only === undefined;
  const gd = solveFor({ name: 'squared' }, s.y1);
  const m1 = all || s.only === 'gap' ? solveFor(phi, s.y1) : null;
  const m2 = all ? solveFor(phi, s.y2) : null;
  const m12 = all ? solveFor(phi, sum) : null;
  const missing = (o: unknown, needed: boolean) => needed && o === null;
  if (gd === null || missing(m1, all || s.only === 'gap') || missing(m2, all) || missing(m12, all))
    return { reason: `width ${n}, feature seed ${seed}: an oracle has no certificate` };
  let kernel: Ball<Opaque> | undefined;
  if (all || s.only === 'kernel') {
    const I = kernelInterpolant(B, s.activation, s.c, s.x, s.y1);
    if ('reason' in I) return { reason: I.reason };
    const fInf = gridOf(s.c).map((t) => I.evaluate(B.num(t)));
    kernel = supDist(B, gd.f, fInf);
  }
  const move = full === null ? null : fullNetworkMove(B, s, full, seed);
  if (full !== null && move === null)
    return { reason: `width ${full}, feature seed ${seed}: the full network diverged` };
  const out: { -readonly [k in keyof Rung]: Rung[k] } = {};
  if (m1 !== null) {
    out.gap = supDist(B, m1.f, gd.f);
    let amax = K.exact(B.zero);
    for (let k = 0; k < n; k++) amax = K.max(amax, K.abs(K.at(m1.a, k)));
    if (all) out.lazy = K.mul(K.sqrt(K.int(n)), amax);
  }
  if (m1 !== null && m2 !== null && m12 !== null)
    out.defect = supDist(
      B,
      m12.f,
      m1.f.map((v, i) => K.add(v, m2.f[i]!)),
    );
  if (kernel !== undefined) out.kernel = kernel;
  if (move !== null) out.move = move;
  return out;
}

/** One seed's two rungs. */
export interface LadderPair {
  readonly lo: Rung;
  readonly hi: Rung;
}

/**
 * Per seed, whether `test(hi, lo)` holds for quantity `key` of the two rungs; null when the rungs lack it (a spec with
 * `only`, or no full-network run).
 */
export function perSeed(
  L: readonly LadderPair[],
  key: keyof Rung,
  test: (hi: Ball<Opaque>, lo: Ball<Opaque>) => boolean,
): boolean[] | null {
  const out: boolean[] = [];
  for (const { hi, lo } of L) {
    const h = hi[key];
    const l = lo[key];
    if (h === undefined || l === undefined) return null;
    out.push(test(h, l));
  }
  return out;
}

/** Every seed's two rungs, or inconclusive evidence. */
export function ladder(B: Backend<Opaque>, s: LadderSpec): LadderPair[] | Evidence {
  const out: LadderPair[] = [];
  for (let j = 0; j < s.sampling.samples; j++) {
    const lo = rung(B, s, s.widths[0], featureSeed(s, j, 0), s.fullWidths?.[0] ?? null);
    const hi = rung(B, s, s.widths[1], featureSeed(s, j, 1), s.fullWidths?.[1] ?? null);
    if ('reason' in lo) return inconclusive(lo.reason);
    if ('reason' in hi) return inconclusive(hi.reason);
    out.push({ lo, hi });
  }
  return out;
}

/** Σ_j pick(seed j) / S as a ball (the average over the spec's seeds). */
export function average(B: Backend<Opaque>, xs: readonly Ball<Opaque>[]): Ball<Opaque> {
  const K = ballArith(B);
  return K.div(K.sum(xs), K.int(xs.length));
}

/**
 * For reports (`observed`): the mean over the seeds of one quantity at each rung, `<key>_lo` and `<key>_hi`, or
 * nothing when some seed did not compute it.
 */
export function rungMeans(B: Backend<Opaque>, L: readonly LadderPair[], key: keyof Rung): Record<string, string> {
  const lo = L.map((r) => r.lo[key]).filter((x) => x !== undefined);
  const hi = L.map((r) => r.hi[key]).filter((x) => x !== undefined);
  if (lo.length < L.length) return {};
  return { [`${key}_lo`]: B.show(average(B, lo).value), [`${key}_hi`]: B.show(average(B, hi).value) };
}

/** K.mul by an exact small rational p/q. */
export function times(B: Backend<Opaque>, x: Ball<Opaque>, p: number, q = 1): Ball<Opaque> {
  const K = ballArith(B);
  return K.div(K.mul(K.int(p), x), K.int(q));
}

/**
 * The false-alarm probability δ of one ladder sign test (`signTest`): 1/16, so that four seeds can certify a violation
 * (all four the wrong way has probability 2^−4 under the claim) and the referee's rerun on four times the seeds holds
 * it to the same δ independently (a certified false alarm ≤ δ² = 1/256 per claim).
 */
export const LADDER_DELTA = '0.0625';

/** True unless x > y certainly (x − y exceeds its bar): an undecided seed counts for the claim, never against it. */
export function notAbove(B: Backend<Opaque>, x: Ball<Opaque>, y: Ball<Opaque>): boolean {
  const d = ballArith(B).sub(x, y);
  return B.cmp(d.value, d.err) <= 0;
}

/** P(K ≤ k) for K ~ Binomial(S, 1/2), exactly, as the integer Σ_{i ≤ k} C(S, i) over 2^S. */
function binomialTail(S: number, k: number): { num: bigint; den: bigint } {
  let c = 1n;
  let num = 0n;
  for (let i = 0; i <= k; i++) {
    num += c;
    c = (c * BigInt(S - i)) / BigInt(i + 1);
  }
  return { num, den: 1n << BigInt(S) };
}

/**
 * k* = max{k : P(K ≤ k) ≤ δ} for K ~ Binomial(S, 1/2) (−1 when even k = 0 is likelier than δ): the largest count of
 * seeds going the conjectured way that is still rejected at level δ.
 */
export function signTestCritical(S: number, delta: Num): number {
  const d = R.parseNum(delta);
  let k = -1;
  while (k + 1 < S) {
    const t = binomialTail(S, k + 1);
    if (R.cmp(R.q(t.num, t.den), d) > 0) break;
    k++;
  }
  return k;
}

/**
 * The one-sided sign test as a statistical claim. Per seed j (independent feature draws, so the outcomes are i.i.d.)
 * `pass[j]` says whether the ladder went the conjectured way on that seed; the claim is p = P(pass) ≥ 1/2. With
 * K = #pass out of S, it is rejected when P(Binomial(S, 1/2) ≤ K) ≤ δ, i.e. K ≤ k*: under p ≥ 1/2 that happens with
 * probability ≤ δ, whatever the law of the per-seed quantities (no range bound needed, unlike a mean). Written as
 * `K ≥ S/2` with bar S/2 − k* − 1/2, so the framework's "violated" (S/2 − K > bar) is exactly K ≤ k*.
 */
export function signTest(pass: readonly boolean[], label: string, delta: Num = LADDER_DELTA): Claim {
  const S = pass.length;
  if (S < 1) throw new RangeError(`signTest ${label}: needs at least one seed`);
  const K = pass.filter((b) => b).length;
  const kStar = signTestCritical(S, delta);
  return {
    label,
    lhs: String(K),
    rel: '>=',
    rhs: R.toPlainNum(R.q(BigInt(S), 2n)),
    err: R.toPlainNum(R.sub(R.q(BigInt(S), 2n), R.q(BigInt(2 * kStar + 1), 2n))),
    statistical: { delta, samples: S },
  };
}
