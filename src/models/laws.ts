/**
 * The model law suite: identities every `Model` must satisfy, checked on exact instances from each registry entry's
 * `cases` (src/models/index.ts `MODELS`; laws.test.ts runs every law × every model × every backend).
 *
 * Tolerances are derived, not tuned. Every quantity checked is (piecewise) a polynomial in the inputs whose monomials
 * have coefficients of modulus ≤ 1; evaluating it with sums and products of depth ≤ K rounds to within
 * γ_K·(Σ|monomials|), γ_K = K·u/(1 − K·u) (Higham, Accuracy and Stability, §3.1), and Σ|monomials| is computed by the
 * model's majorant (`Model.majorant`) on |inputs| ("maj" below). K = 4·(dim θ + n + inputDim + degree + 4) bounds the
 * depth of every sum (≤ dim θ, n or a layer width) and product chain (≤ degree + 4 factors), with a factor 4 for the
 * few extra operations in each identity.
 *
 * Central differences: p(t) = q(θ + t·u) is a polynomial in t whose Σ|coefficients| is ≤ P := maj(|θ| + |u|), so
 * |(p(h) − p(−h))/2h − p'(0)| ≤ P·h² (truncation, h ≤ 1) and rounding adds ≤ 3γ_K·P/h (both evaluations, the rounded
 * argument θ ± hu, and the analytic side). With h = 10^(−⌊digits/3⌋) this is ≈ 1e−37·P at dec:60, 1e−20·P at dd and
 * 1e−10·P at f64. Kinked activations: the cases keep every pre-activation ≠ 0 (|z| ≥ 1/64 ≫ the move 14h), so every
 * point is inside one linear piece of σ and the polynomial argument applies there.
 */
import type { AnyBackend, Backend, M, Num, Repr, S, V } from '../numeric/types.js';
import type { ModelCase, ModelEntry } from './cases.js';
import type { Opaque } from '../theorem/types.js';
import type { Model } from './types.js';

// Entries' members are methods (bivariant in Spec), so every entry is a ModelEntry<unknown>.
type AnyEntry = ModelEntry<unknown>;
type AnyCase = ModelCase<unknown>;

/** One law. `cross` laws compare a backend against the reference backend (dec:60) and are skipped on the reference. */
export interface ModelLaw {
  /** A sentence: "jvp and vjp are adjoint: ⟨Ju, g⟩ = ⟨u, Jᵀg⟩". */
  readonly name: string;
  readonly cross: boolean;
  /** Throws an Error describing the violation (index, values, tolerance). */
  check(entry: AnyEntry, k: AnyCase, B: AnyBackend, ref?: AnyBackend): void;
}

/** |x| of an exact decimal string. */
function absNum(x: Num): Num {
  return x.startsWith('-') || x.startsWith('+') ? x.slice(1) : x;
}

/** The majorant instance's inputs: all in absolute value, targets −|y| (so ℓ' = f − y majorizes). */
export function majorantCase(k: AnyCase): AnyCase {
  return {
    spec: k.spec,
    X: k.X.map((r) => r.map(absNum)),
    theta: k.theta.map(absNum),
    u: k.u.map(absNum),
    v: k.v.map(absNum),
    g: k.g.map(absNum),
    y: k.y.map((y) => (y === '0' ? '0' : '-' + absNum(y))),
    c: k.c,
  };
}

export interface Inst<R extends Repr> {
  model: Model<R>;
  X: M<R>;
  theta: V<R>;
  u: V<R>;
  v: V<R>;
  g: V<R>;
  y: V<R>;
  c: S<R>;
}

/**
 * Materializes a case on B; `majorant`: with the model's rounding majorant (`Model.majorant`) in place of the model.
 */
export function instantiate<R extends Repr>(B: Backend<R>, entry: AnyEntry, k: AnyCase, majorant = false): Inst<R> {
  const model = entry.factory(B, k.spec);
  if (majorant && model.majorant === undefined) {
    throw new Error(
      `model ${model.kind}: no majorant() for spec ${JSON.stringify(k.spec)}; the law cases need a rounding model`,
    );
  }
  return {
    model: majorant ? model.majorant!() : model,
    X: B.mat(k.X),
    theta: B.vec(k.theta),
    u: B.vec(k.u),
    v: B.vec(k.v),
    g: B.vec(k.g),
    y: B.vec(k.y),
    c: B.num(k.c),
  };
}

/** The depth bound K of the module comment. */
export function depthK(entry: AnyEntry, k: AnyCase): number {
  return 4 * (k.theta.length + k.X.length + (k.X[0]?.length ?? 0) + entry.degree(k.spec) + 4);
}

/** γ_K = K·u/(1 − K·u) on B. */
export function gamma<R extends Repr>(B: Backend<R>, K: number): S<R> {
  const Ku = B.mul(B.int(K), B.eps);
  return B.div(Ku, B.sub(B.one, Ku));
}

/** Central-difference step h = 10^(−⌊digits/3⌋) (balances the h² truncation against the u/h rounding). */
export function fdStep<R extends Repr>(B: Backend<R>): S<R> {
  return B.num(`1e-${Math.floor(B.digits / 3)}`);
}

/** Throws unless |a_i − b_i| ≤ tol_i for every i. */
export function expectClose<R extends Repr>(B: Backend<R>, what: string, a: V<R>, b: V<R>, tol: V<R>): void {
  const n = B.dim(a);
  if (B.dim(b) !== n) throw new Error(`${what}: lengths differ (${n} vs ${B.dim(b)})`);
  for (let i = 0; i < n; i++) {
    const d = B.abs(B.sub(B.at(a, i), B.at(b, i)));
    const t = B.at(tol, i);
    if (!(B.isFinite(d) && B.cmp(d, t) <= 0)) {
      throw new Error(
        `${what} [${B.id}]: entry ${i}: ${B.show(B.at(a, i))} vs ${B.show(B.at(b, i))}, |diff| = ${B.show(d)} > tol ${B.show(t)}`,
      );
    }
  }
}
export function expectCloseS<R extends Repr>(B: Backend<R>, what: string, a: S<R>, b: S<R>, tol: S<R>): void {
  expectClose(B, what, B.pack([a]), B.pack([b]), B.pack([tol]));
}

/** (q(θ + hu) − q(θ − hu)) / 2h for a vector-valued q. */
export function centralDiff<R extends Repr>(B: Backend<R>, q: (theta: V<R>) => V<R>, theta: V<R>, u: V<R>): V<R> {
  const h = fdStep(B);
  const plus = q(B.axpy(h, u, theta));
  const minus = q(B.axpy(B.neg(h), u, theta));
  return B.scal(B.div(B.one, B.add(h, h)), B.vsub(plus, minus));
}

/** Tolerance vector P·(h² + 3γ_K/h) for central differences (module comment). */
export function fdTol<R extends Repr>(B: Backend<R>, P: V<R>, K: number): V<R> {
  const h = fdStep(B);
  return B.scal(B.add(B.mul(h, h), B.div(B.mul(B.int(3), gamma(B, K)), h)), P);
}

/** The case's instance t and its majorant instance m ("maj", module comment), on B. */
export function instances<R extends Repr>(B: Backend<R>, entry: AnyEntry, k: AnyCase): { t: Inst<R>; m: Inst<R> } {
  return { t: instantiate(B, entry, k), m: instantiate(B, entry, majorantCase(k), true) };
}

/** |θ| + |u| of the majorant instance, the point where P is evaluated. */
export function thetaPlusU<R extends Repr>(B: Backend<R>, m: Inst<R>): V<R> {
  return B.vadd(m.theta, m.u);
}

/**
 * Check of a bilinear identity lhs = rhs (adjointness, Hessian symmetry): both sides are the same sum of monomials, so
 * Σ|monomials| = lhs evaluated on the majorant instance ("maj", module comment) and the tolerance is 4γ_K·maj.
 */
function bilinearIdentity(
  label: string,
  lhs: <R extends Repr>(B: Backend<R>, i: Inst<R>) => S<R>,
  rhs: <R extends Repr>(B: Backend<R>, i: Inst<R>) => S<R>,
): ModelLaw['check'] {
  return (entry, k, B) => {
    const { t, m } = instances(B, entry, k);
    expectCloseS(B, label, lhs(B, t), rhs(B, t), B.mul(B.int(4), B.mul(gamma(B, depthK(entry, k)), lhs(B, m))));
  };
}

export const MODEL_LAWS: readonly ModelLaw[] = [
  {
    name: 'jvp and vjp are adjoint: ⟨Ju, g⟩ = ⟨u, Jᵀg⟩',
    cross: false,
    check: bilinearIdentity(
      'adjointness',
      (B, i) => B.dot(i.model.jvp(i.theta, i.X, i.u), i.g),
      (B, i) => B.dot(i.u, i.model.vjp(i.theta, i.X, i.g)),
    ),
  },
  {
    // Vacuous for models without the optional fused path; for those with it, any difference is a bug (same kernels,
    // same order), so the comparison is exact.
    name: 'predictVjp (when a model has it) equals predict then vjp, bit for bit',
    cross: false,
    check(entry, k, B) {
      const i = instantiate(B, entry, k);
      if (i.model.predictVjp === undefined) return;
      const weights = (f: V<Opaque>) => B.vadd(B.vmul(f, i.g), i.g); // any map of f: here g ⊙ f + g
      const fused = i.model.predictVjp(i.theta, i.X, weights);
      const f = i.model.predict(i.theta, i.X);
      const vjp = i.model.vjp(i.theta, i.X, weights(f));
      const same = (a: V<Opaque>, b: V<Opaque>) => B.vshow(a).join() === B.vshow(b).join();
      if (!same(fused.f, f))
        throw new Error(`predictVjp: f = [${B.vshow(fused.f).join(', ')}] but predict = [${B.vshow(f).join(', ')}]`);
      if (!same(fused.vjp, vjp))
        throw new Error(
          `predictVjp: vjp = [${B.vshow(fused.vjp).join(', ')}] but vjp(predict) = [${B.vshow(vjp).join(', ')}]`,
        );
    },
  },
  {
    name: 'the weighted Hessian Σ g_i ∇²f_i is symmetric: ⟨u, H v⟩ = ⟨H u, v⟩',
    cross: false,
    check: bilinearIdentity(
      'hvp symmetry',
      (B, i) => B.dot(i.u, i.model.hvpWeighted(i.theta, i.X, i.g, i.v)),
      (B, i) => B.dot(i.model.hvpWeighted(i.theta, i.X, i.g, i.u), i.v),
    ),
  },
  {
    name: 'jvp matches central differences of predict',
    cross: false,
    check(entry, k, B) {
      const { t, m } = instances(B, entry, k);
      const fd = centralDiff(B, (th) => t.model.predict(th, t.X), t.theta, t.u);
      const P = m.model.predict(thetaPlusU(B, m), m.X);
      expectClose(B, 'jvp vs central difference', t.model.jvp(t.theta, t.X, t.u), fd, fdTol(B, P, depthK(entry, k)));
    },
  },
  {
    name: 'hvpWeighted matches central differences of vjp',
    cross: false,
    check(entry, k, B) {
      const { t, m } = instances(B, entry, k);
      const fd = centralDiff(B, (th) => t.model.vjp(th, t.X, t.g), t.theta, t.u);
      const P = m.model.vjp(thetaPlusU(B, m), m.X, m.g);
      expectClose(
        B,
        'hvpWeighted vs central difference of vjp',
        t.model.hvpWeighted(t.theta, t.X, t.g, t.u),
        fd,
        fdTol(B, P, depthK(entry, k)),
      );
    },
  },
  {
    // Every error bar built from the majorant (this suite's tolerances, the diagnostics' bars) needs it to bound
    // Σ|monomials| ≥ |q| for q ∈ {f, Ju, Jᵀg, Σg_i∇²f_i u}. Computed on both sides: |q̂| ≤ |q| + γ_K·maj and
    // maj ≤ m̂aj/(1 − γ_K) (m̂aj sums nonnegative terms), so |q̂| ≤ m̂aj·(1 + 3γ_K) for γ_K ≤ 1/4; we allow 4γ_K.
    name: 'the declared majorant bounds |f|, |Ju|, |Jᵀg| and |Σ g_i∇²f_i u| on |θ|, |X|, |u|, |g|',
    cross: false,
    check(entry, k, B) {
      const { t, m } = instances(B, entry, k);
      const slack = B.add(B.one, B.mul(B.int(4), gamma(B, depthK(entry, k))));
      const pairs: [string, V<Opaque>, V<Opaque>][] = [
        ['f', t.model.predict(t.theta, t.X), m.model.predict(m.theta, m.X)],
        ['Ju', t.model.jvp(t.theta, t.X, t.u), m.model.jvp(m.theta, m.X, m.u)],
        ['Jᵀg', t.model.vjp(t.theta, t.X, t.g), m.model.vjp(m.theta, m.X, m.g)],
        ['Σ g_i∇²f_i u', t.model.hvpWeighted(t.theta, t.X, t.g, t.u), m.model.hvpWeighted(m.theta, m.X, m.g, m.u)],
      ];
      for (const [what, q, maj] of pairs) {
        const n = B.dim(q);
        for (let i = 0; i < n; i++) {
          const bound = B.mul(slack, B.at(maj, i));
          if (!(B.cmp(B.abs(B.at(q, i)), bound) <= 0)) {
            throw new Error(
              `majorant [${B.id}]: |${what}|[${i}] = ${B.show(B.abs(B.at(q, i)))} > majorant ${B.show(B.at(maj, i))} (×${B.show(slack)})`,
            );
          }
        }
      }
    },
  },
  {
    name: 'declared homogeneity holds: f(cθ) = c^L f(θ)',
    cross: false,
    check(entry, k, B) {
      const t = instantiate(B, entry, k);
      const L = t.model.homogeneity;
      if (L === undefined) return;
      const m = instantiate(B, entry, majorantCase(k), true);
      const cL = B.powi(t.c, L);
      const lhs = t.model.predict(B.scal(t.c, t.theta), t.X);
      const rhs = B.scal(cL, t.model.predict(t.theta, t.X));
      const K = depthK(entry, k) + L + 1;
      const tol = B.scal(B.mul(B.int(2), B.mul(gamma(B, K), cL)), m.model.predict(m.theta, m.X));
      expectClose(B, `homogeneity of degree ${L}`, lhs, rhs, tol);
    },
  },
  {
    name: 'predict, jvp, vjp and hvpWeighted agree with the dec:60 reference within derived error bars',
    cross: true,
    check(entry, k, B, ref) {
      if (ref === undefined) throw new Error('cross-backend law needs a reference backend');
      const K = depthK(entry, k);
      const t = instantiate(B, entry, k);
      const r = instantiate(ref, entry, k);
      const m = instantiate(ref, entry, majorantCase(k), true);
      // both sides' rounding: γ_K(B) + γ_K(ref), times 2 for the majorant's own rounding
      const gsum = ref.mul(ref.int(2), ref.add(ref.fromDouble(B.toNumber(gamma(B, K))), gamma(ref, K)));
      const toRef = (x: V<Opaque>) => ref.pack(B.unpack(x).map((s) => ref.num(B.show(s))));
      const pairs: [string, V<Opaque>, V<Opaque>, V<Opaque>][] = [
        ['predict', t.model.predict(t.theta, t.X), r.model.predict(r.theta, r.X), m.model.predict(m.theta, m.X)],
        ['jvp', t.model.jvp(t.theta, t.X, t.u), r.model.jvp(r.theta, r.X, r.u), m.model.jvp(m.theta, m.X, m.u)],
        ['vjp', t.model.vjp(t.theta, t.X, t.g), r.model.vjp(r.theta, r.X, r.g), m.model.vjp(m.theta, m.X, m.g)],
        [
          'hvpWeighted',
          t.model.hvpWeighted(t.theta, t.X, t.g, t.u),
          r.model.hvpWeighted(r.theta, r.X, r.g, r.u),
          m.model.hvpWeighted(m.theta, m.X, m.g, m.u),
        ],
      ];
      for (const [what, x, xr, maj] of pairs) {
        expectClose(ref, `${what}: ${B.id} vs ${ref.id}`, toRef(x), xr, ref.scal(gsum, maj));
      }
    },
  },
];
