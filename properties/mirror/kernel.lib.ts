/**
 * The (O2) kernel interpolant of the shallow univariate networks (docs/theorems/mirror.md M7): instances, and the
 * piecewise-cubic reading of the interpolant between its knots that P2.5 checks.
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  inconclusive,
  kernelInterpolant,
  spec,
  type Backend,
  type Ball,
  type Claim,
  type Evidence,
  type Num,
  type Repr,
  type S,
  type ShallowActivation,
} from '../../src/index.js';

const R = spec.rational;

/** An instance: σ, c, sorted distinct points inside (−c, c), labels; `breaks` names the negative control's claim. */
export interface KernelSpec {
  readonly activation: ShallowActivation;
  readonly c: Num;
  readonly x: readonly Num[];
  readonly y: readonly Num[];
  /**
   * none: the theorem; c3: also claim f‴ continuous at the data; c2ends: also claim f″ continuous at ±c;
   * dropKnot: claim one cubic across a data point.
   */
  readonly breaks: 'none' | 'c3' | 'c2ends' | 'dropKnot';
}

/** c = k/8 ∈ [1, 3]; 2–5 distinct points k/16 inside (−c, c); labels k/8 ∈ [−1, 1]. */
export const kernelInstances = (breaks: fc.Arbitrary<KernelSpec['breaks']>): fc.Arbitrary<KernelSpec> =>
  fc
    .record({
      activation: fc.constantFrom<ShallowActivation>('relu', 'abs'),
      ck: fc.integer({ min: 8, max: 24 }),
      breaks,
    })
    .chain(({ activation, ck, breaks: br }) =>
      fc.uniqueArray(fc.integer({ min: -2 * ck + 1, max: 2 * ck - 1 }), { minLength: 2, maxLength: 5 }).chain((xs) =>
        fc
          .array(fc.integer({ min: -8, max: 8 }), { minLength: xs.length, maxLength: xs.length })
          .map((ys): KernelSpec => ({
            activation,
            c: R.toPlainNum(R.q(BigInt(ck), 8n)),
            x: [...xs].sort((a, b) => a - b).map((k) => R.toPlainNum(R.q(BigInt(k), 16n))),
            y: ys.map((k) => R.toPlainNum(R.q(BigInt(k), 8n))),
            breaks: br,
          })),
      ),
    );

/** The cubic through f at 4 nodes of [l, r], read at a point t: p(t), p′(t), p″(t), p‴ (Newton form, in balls). */
interface Cubic<Rp extends Repr> {
  derivatives(t: S<Rp>): Ball<Rp>[];
}

function cubicThrough<Rp extends Repr>(B: Backend<Rp>, f: (x: S<Rp>) => Ball<Rp>, l: S<Rp>, r: S<Rp>): Cubic<Rp> {
  const K = ballArith(B);
  // nodes l + k(r − l)/5, k = 1..4 (exact backend numbers once computed; the cubic is the one through them)
  const h = B.div(B.sub(r, l), B.int(5));
  const nodes = [1, 2, 3, 4].map((k) => B.add(l, B.mul(B.int(k), h)));
  const X = nodes.map((x) => K.exact(x));
  // divided differences d_j = f[x_0, …, x_j]
  let col = nodes.map((x) => f(x));
  const d: Ball<Rp>[] = [col[0]!];
  for (let j = 1; j < 4; j++) {
    col = col.slice(1).map((v, i) => K.div(K.sub(v, col[i]!), K.sub(X[i + j]!, X[i]!)));
    d.push(col[0]!);
  }
  return {
    derivatives(t) {
      const s = X.slice(0, 3).map((x) => K.sub(K.exact(t), x));
      const [s0, s1, s2] = [s[0]!, s[1]!, s[2]!];
      const [d0, d1, d2, d3] = [d[0]!, d[1]!, d[2]!, d[3]!];
      const p = K.add(K.add(d0, K.mul(d1, s0)), K.add(K.mul(d2, K.mul(s0, s1)), K.mul(d3, K.mul(K.mul(s0, s1), s2))));
      const e2 = K.add(K.add(K.mul(s0, s1), K.mul(s0, s2)), K.mul(s1, s2));
      const p1 = K.add(K.add(d1, K.mul(d2, K.add(s0, s1))), K.mul(d3, e2));
      const p2 = K.mul(K.int(2), K.add(d2, K.mul(d3, K.add(K.add(s0, s1), s2))));
      const p3 = K.mul(K.int(6), d3);
      return [p, p1, p2, p3];
    },
  };
}

/**
 * P2.5's claims for an instance: f(x_i) = y_i; on every piece between consecutive knots (−c, the data, c; and one
 * unit beyond ±c) the cubic through 4 points also passes through a 5th; at every knot the two pieces' values and
 * first derivatives agree, and at the data also the second derivatives (at ±c f″ jumps: M7). The negative controls
 * add a claim the theorem does not make (`KernelSpec.breaks`).
 */
export function kernelClaims<Rp extends Repr>(B: Backend<Rp>, s: KernelSpec): Evidence {
  const K = ballArith(B);
  const I = kernelInterpolant(B, s.activation, s.c, s.x, s.y);
  if ('reason' in I) return inconclusive(I.reason);
  const f = (x: S<Rp>) => I.evaluate(x);
  const out: Claim[] = [];
  s.x.forEach((xi, i) => out.push(claims.eq(B, f(B.num(xi)), K.num(s.y[i]!), `f(x_${i}) = y_${i}`)));
  const c = B.num(s.c);
  const knots = [B.neg(c), ...s.x.map((x) => B.num(x)), c];
  const ends = [B.sub(knots[0]!, B.one), ...knots, B.add(c, B.one)];
  const pieces = ends.slice(1).map((r, j) => {
    const l = ends[j]!;
    const p = cubicThrough(B, f, l, r);
    // a 5th point of the piece: l + 4.5(r − l)/5
    const t = B.add(l, B.mul(B.num('0.9'), B.sub(r, l)));
    out.push(claims.eq(B, p.derivatives(t)[0]!, f(t), `cubic on piece ${j}`));
    return p;
  });
  knots.forEach((t, k) => {
    const left = pieces[k]!.derivatives(t);
    const right = pieces[k + 1]!.derivatives(t);
    const isData = k > 0 && k < knots.length - 1;
    const orders = isData || s.breaks === 'c2ends' ? 3 : 2;
    for (let r = 0; r < orders; r++) out.push(claims.eq(B, left[r]!, right[r]!, `f^(${r}) continuous at knot ${k}`));
    if (s.breaks === 'c3' && isData) out.push(claims.eq(B, left[3]!, right[3]!, `f‴ continuous at knot ${k}`));
  });
  if (s.breaks === 'dropKnot') {
    // one cubic across the data point x_0 (from the knot before it to the knot after it)
    const p = cubicThrough(B, f, knots[0]!, knots[2]!);
    const t = B.add(knots[0]!, B.mul(B.num('0.9'), B.sub(knots[2]!, knots[0]!)));
    out.push(claims.eq(B, p.derivatives(t)[0]!, f(t), 'one cubic across x_0'));
  }
  return { claims: out, observed: { contraction: B.show(I.contraction) } };
}
