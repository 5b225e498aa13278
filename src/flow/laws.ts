/**
 * Solver law suite (as Diffrax's test_ode_order): a solver's declared orders are checked
 * (1) exactly, against the rooted-tree order conditions in rational arithmetic, and (2) numerically:
 * measured global order on a linear and a nonlinear ODE with known solutions, measured order of the embedded error
 * estimate, and adaptive integration reaching its tolerance. Run on dec:60 so that rounding does not bend the slopes.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { constantStep, pid } from './controller.js';
import { integrate } from './integrate.js';
import { exactOrder, exactTableau } from './orderConditions.js';
import { coeffs, rkStep } from './rk.js';
import type { OdeSolver, VectorField } from './types.js';

export interface LawCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}
export interface SolverLawReport {
  readonly solver: string;
  readonly backend: string;
  readonly checks: LawCheck[];
}

/** Allowed deviation of a fitted log-log slope from the declared order. */
export const SLOPE_TOL = 0.3;

/** A test problem: field, y0 and the exact y(t) at T = 1. */
interface Problem<R extends Repr> {
  readonly name: string;
  readonly f: VectorField<R>;
  readonly y0: V<R>;
  readonly exact: V<R>;
}

/** y' = Ay, A = [[−1, 1, 0], [0, −1, 0], [0, 0, 1/2]] (a Jordan block: non-normal), y(0) = (1, 1, 1):
 * y(1) = (2e^{−1}, e^{−1}, e^{1/2}). */
function linearProblem<R extends Repr>(B: Backend<R>): Problem<R> {
  const A = B.mat([
    ['-1', '1', '0'],
    ['0', '-1', '0'],
    ['0', '0', '0.5'],
  ]);
  const em1 = B.exp(B.neg(B.one));
  return {
    name: 'linear (Jordan block)',
    f: (_t, y) => B.gemv(A, y),
    y0: B.vec(['1', '1', '1']),
    exact: B.pack([B.mul(B.int(2), em1), em1, B.exp(B.num('0.5'))]),
  };
}

/** y₁' = y₁², y₂' = y₁y₂, y₃' = t·y₁ (non-autonomous), y(0) = (1/2, 1/2, 0):
 * y₁ = y₂ = 1/(2 − t), y₃ = −t − 2 log(1 − t/2); y(1) = (1, 1, 2 log 2 − 1). */
function nonlinearProblem<R extends Repr>(B: Backend<R>): Problem<R> {
  return {
    name: 'nonlinear (y1² blow-up at t = 2)',
    f: (t, y) => {
      const y1 = B.at(y, 0);
      return B.pack([B.mul(y1, y1), B.mul(y1, B.at(y, 1)), B.mul(t, y1)]);
    },
    y0: B.vec(['0.5', '0.5', '0']),
    exact: B.pack([B.one, B.one, B.sub(B.mul(B.int(2), B.log(B.int(2))), B.one)]),
  };
}

/** Least-squares slope of log2(err) against log2(h). */
function slope(hs: readonly number[], errs: readonly number[]): number {
  const x = hs.map(Math.log2);
  const y = errs.map(Math.log2);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

/** Of the ladder n = 1, 2, 4, …: the finest three consecutive n whose errors are all ≥ 1e6·u (well above
 * rounding) and decreasing — the most asymptotic triple this backend can resolve. */
function pickTriple(ns: readonly number[], errs: readonly number[], floor: number): number[] | undefined {
  for (let i = ns.length - 3; i >= 0; i--) {
    const e = errs.slice(i, i + 3);
    if (e.every((x) => x >= floor && Number.isFinite(x)) && e[0]! > e[1]! && e[1]! > e[2]!) return [i, i + 1, i + 2];
  }
  return undefined;
}

function measuredGlobalOrder<R extends Repr>(B: Backend<R>, solver: OdeSolver, P: Problem<R>): LawCheck {
  const ns = [1, 2, 4, 8, 16, 32, 64, 128, 256];
  const errs = ns.map((n) => {
    const sol = integrate(P.f, solver, constantStep(B, B.div(B.one, B.int(n))), {
      t1: B.one,
      y0: P.y0,
      saveAt: { t0: false, t1: false },
    });
    return sol.result === 'ok' ? B.toNumber(B.nrm2(B.vsub(sol.y, P.exact))) : NaN;
  });
  const floor = 1e6 * B.toNumber(B.eps);
  const idx = pickTriple(ns, errs, floor);
  const name = `global error on ${P.name} decays like h^${solver.order}`;
  if (!idx)
    return {
      name,
      ok: false,
      detail: `no resolvable triple of steps; errors ${errs.map((e) => e.toExponential(2)).join(', ')}`,
    };
  const p = slope(
    idx.map((i) => 1 / ns[i]!),
    idx.map((i) => errs[i]!),
  );
  return {
    name,
    ok: Math.abs(p - solver.order) <= SLOPE_TOL,
    detail: `slope ${p.toFixed(3)} over h = ${idx.map((i) => `1/${ns[i]}`).join(', ')} (errors ${idx.map((i) => errs[i]!.toExponential(2)).join(', ')})`,
  };
}

function measuredEmbeddedOrder<R extends Repr>(B: Backend<R>, solver: OdeSolver, P: Problem<R>): LawCheck {
  const q = solver.embeddedOrder!;
  const C = coeffs(B, solver.tableau);
  const ns = [2, 4, 8, 16, 32, 64, 128];
  const k0 = P.f(B.zero, P.y0);
  const ests = ns.map((n) => {
    const out = rkStep(B, C, P.f, B.zero, P.y0, B.div(B.one, B.int(n)), k0);
    return B.toNumber(B.nrm2(out.err!));
  });
  const idx = pickTriple(ns, ests, 1e6 * B.toNumber(B.eps));
  const name = `one-step error estimate on ${P.name} decays like h^${q + 1} (embedded order ${q})`;
  if (!idx)
    return {
      name,
      ok: false,
      detail: `no resolvable triple; estimates ${ests.map((e) => e.toExponential(2)).join(', ')}`,
    };
  const p = slope(
    idx.map((i) => 1 / ns[i]!),
    idx.map((i) => ests[i]!),
  );
  return {
    name,
    ok: Math.abs(p - (q + 1)) <= SLOPE_TOL,
    detail: `slope ${p.toFixed(3)} over h = ${idx.map((i) => `1/${ns[i]}`).join(', ')}`,
  };
}

/**
 * Adaptive integration of the linear problem on [0, 1] reaches its tolerance: with N accepted steps, each local
 * error ≤ tol·(1 + ‖y‖_∞) per component, and the flow's growth ‖e^{A(1−s)}‖₂ ≤ 2e^{1/2} < 4, the global error is
 * ≤ 4·√3·N·tol·(1 + ‖y‖_∞). The run must also end 'ok' exactly at t = 1.
 */
function adaptiveReachesTolerance<R extends Repr>(B: Backend<R>, solver: OdeSolver, tol: S<R>): LawCheck {
  const P = linearProblem(B);
  const sol = integrate(P.f, solver, pid(B, { rtol: tol, atol: tol }), { t1: B.one, y0: P.y0, saveAt: { t0: false } });
  const err = B.nrm2(B.vsub(sol.y, P.exact));
  const bound = B.mul(
    B.mul(B.mul(B.fromDouble(4 * Math.sqrt(3)), B.int(Math.max(1, sol.stats.accepted))), tol),
    B.add(B.one, B.amax(P.exact)),
  );
  const ok = sol.result === 'ok' && B.cmp(sol.t, B.one) === 0 && B.cmp(err, bound) <= 0;
  return {
    name: `adaptive integration reaches rtol = atol = ${B.toNumber(tol).toExponential(1)}`,
    ok,
    detail: `${sol.result}, ${sol.stats.accepted} accepted / ${sol.stats.rejected} rejected, error ${B.toNumber(err).toExponential(2)} ≤ bound ${B.toNumber(bound).toExponential(2)}`,
  };
}

/** π/2 to 60 digits. */
const HALF_PI = '1.57079632679489661923132169163975144209858469968755291048747';

/**
 * The driver's event path with this solver: x = cos t (harmonic oscillator x' = v, v' = −x from (1, 0)) crosses 0 at
 * π/2. The flow is a rotation (an isometry), so the computed x differs from cos t by at most the sum of the local
 * errors: adaptive, Σ of the embedded estimates (errSum); constant step h = 1/64, the Taylor remainder
 * |e^{ih} − Σ_{k≤p}(ih)^k/k!| ≤ h^{p+1}/(p+1)! per step. With |ẋ| = 1 at the crossing the bracket [tLo, tHi] must then
 * contain π/2 up to that sum (×2) and rounding, and be no wider than the event tolerance.
 */
function eventLocatesCrossing<R extends Repr>(B: Backend<R>, solver: OdeSolver, tol: S<R>): LawCheck {
  const f: VectorField<R> = (_t, y) => B.pack([B.at(y, 1), B.neg(B.at(y, 0))]);
  const adaptive = solver.embeddedOrder !== undefined;
  const h = B.div(B.one, B.int(64));
  const ctl = adaptive ? pid(B, { rtol: tol, atol: tol }) : constantStep(B, h);
  const evTol = B.mul(B.int(64), B.eps);
  const sol = integrate(f, solver, ctl, {
    t1: B.int(2),
    y0: B.vec(['1', '0']),
    event: { g: (_t, y) => B.slice(y, 0, 1), tol: evTol },
  });
  const name = 'event: the crossing of cos t at π/2 is bracketed to the event tolerance';
  const ev = sol.event;
  if (sol.result !== 'event' || ev === undefined) return { name, ok: false, detail: `ended ${sol.result}, no event` };
  let fact = B.one;
  for (let k = 2; k <= solver.order + 1; k++) fact = B.mul(fact, B.int(k));
  const local = adaptive
    ? sol.stats.errSum
    : B.mul(B.int(sol.stats.accepted), B.div(B.powi(h, solver.order + 1), fact));
  const slack = B.add(B.mul(B.int(2), local), B.mul(B.int(16 * (sol.stats.accepted + 1)), B.eps));
  const x = B.num(HALF_PI);
  const ok =
    ev.converged &&
    B.cmp(B.sub(ev.tHi, ev.tLo), evTol) <= 0 &&
    B.cmp(B.sub(ev.tLo, slack), x) <= 0 &&
    B.cmp(x, B.add(ev.tHi, slack)) <= 0;
  return {
    name,
    ok,
    detail: `[${B.show(ev.tLo)}, ${B.show(ev.tHi)}] ∋ π/2 up to ${B.toNumber(slack).toExponential(2)}; ${ev.iterations} root-finder trials`,
  };
}

/** The exact order conditions: b has exactly the declared order, b̂ exactly the embedded order. */
export function exactOrderLaws(solver: OdeSolver): LawCheck[] {
  const E = exactTableau(solver.tableau);
  const p = exactOrder(E, E.b, solver.order + 1);
  const checks: LawCheck[] = [
    {
      name: `tableau satisfies the order conditions of order exactly ${solver.order}`,
      ok: p === solver.order,
      detail: `exact order ${p}`,
    },
  ];
  if (solver.embeddedOrder !== undefined) {
    const q = E.bHat ? exactOrder(E, E.bHat, solver.embeddedOrder + 1) : -1;
    checks.push({
      name: `embedded weights have order exactly ${solver.embeddedOrder}`,
      ok: q === solver.embeddedOrder,
      detail: E.bHat ? `exact order ${q}` : 'no b̂ in the tableau',
    });
  }
  return checks;
}

/** All numerical laws for one solver on backend B (use dec:60; adaptive tolerance default max(1e-16, 1e6·u)). */
export function solverLaws<R extends Repr>(
  solver: OdeSolver,
  B: Backend<R>,
  opts: { adaptiveTol?: S<R> } = {},
): SolverLawReport {
  const checks: LawCheck[] = [...exactOrderLaws(solver)];
  checks.push(measuredGlobalOrder(B, solver, linearProblem(B)));
  checks.push(measuredGlobalOrder(B, solver, nonlinearProblem(B)));
  if (solver.embeddedOrder !== undefined) {
    checks.push(measuredEmbeddedOrder(B, solver, linearProblem(B)));
    checks.push(measuredEmbeddedOrder(B, solver, nonlinearProblem(B)));
    const tol = opts.adaptiveTol ?? B.max(B.num('1e-16'), B.mul(B.num('1e6'), B.eps));
    checks.push(adaptiveReachesTolerance(B, solver, tol));
  }
  // a loose tolerance: the law is about bracketing the crossing of the computed solution, not about its accuracy
  checks.push(eventLocatesCrossing(B, solver, B.max(B.num('1e-10'), B.mul(B.num('1e6'), B.eps))));
  return { solver: solver.id, backend: B.id, checks };
}
