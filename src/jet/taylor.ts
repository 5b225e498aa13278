/**
 * Taylor coefficients of an empirical risk along a step: L(θ − ηΔ) = Σ_j c_j η^j with
 * c_j = ((−1)^j / j!) ∇^jL(θ)[Δ, …, Δ], computed by running the model's forward pass and the loss on jets
 * (series.ts) — for any registered model and loss, or a user's `JetNet` / `JetLoss`, to any order.
 *
 * `taylor` returns each c_j as a ball (value ± err, rigorous under the rounding model of src/ball/rounding.ts);
 * `taylorMid` the plain backend values (no bars, cheaper). θ, Δ, X and y are taken as the exact values the backend
 * holds. With a relu/leaky/abs activation the coefficients are those of the branch whose masks hold at η = 0 (exact
 * for 0 ≤ η < η*, the first sign change of a pre-activation along the line; series.ts); a pre-activation whose sign
 * at η = 0 cannot be certified throws a JetDomainError.
 */
import type { Ball, VecBall } from '../ball/ball.js';
import type { Reduction } from '../objective/objective.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import { ballAlgebra, plainAlgebra, type JetAlgebra } from './algebra.js';
import { jetLoss, type JetLoss } from './losses.js';
import { jetModel, type JetNet } from './models.js';
import { jetOps, type Jet, type JetOps, type JetOptions } from './series.js';

/** What to expand: a model (registered kind + exact spec, or a JetNet), a loss, the data and the reduction. */
export interface TaylorProblem<R extends Repr> {
  readonly model: string | JetNet;
  /** The exact spec of a registered model kind (as for `MODELS[kind].factory`). */
  readonly spec?: unknown;
  readonly loss: string | JetLoss;
  /** Inputs, one sample per row. */
  readonly X: M<R>;
  /** Targets: one per row of X, or n·C row-major for a model with C outputs per sample … */
  readonly y?: V<R>;
  /** … or an n × C target matrix for a vector-output JetNet. */
  readonly Y?: M<R>;
  /** 'mean' (default): (1/n)Σ_i ℓ_i; 'sum': Σ_i ℓ_i. */
  readonly reduction?: Reduction;
}

/** The parameter blocks of a flat vector as matrices of the given shapes (checks the total size). */
function splitShapes<R extends Repr>(
  B: Backend<R>,
  x: V<R>,
  shapes: readonly (readonly [number, number])[],
  what: string,
): M<R>[] {
  const total = shapes.reduce((s, [r, c]) => s + r * c, 0);
  if (B.dim(x) !== total) throw new RangeError(`taylor: ${what} has ${B.dim(x)} entries, the model expects ${total}`);
  let o = 0;
  return shapes.map(([r, c]) => {
    const m = B.reshape(B.slice(x, o, o + r * c), r, c);
    o += r * c;
    return m;
  });
}

/** The model and loss of a problem (registered kinds resolved). */
function parts<R extends Repr>(problem: TaylorProblem<R>): { net: JetNet; loss: JetLoss } {
  const net = typeof problem.model === 'string' ? jetModel(problem.model, problem.spec) : problem.model;
  const loss = typeof problem.loss === 'string' ? jetLoss(problem.loss) : problem.loss;
  return { net, loss };
}

/** The reduced loss series of a problem whose parameter blocks are the given series (1×1 jet). */
export function lossOfParams<R extends Repr, T>(
  J: JetOps<R, T>,
  problem: TaylorProblem<R>,
  params: readonly Jet<T>[],
): Jet<T> {
  const { A, B } = J;
  const { net, loss } = parts(problem);
  const f = net.forward(J, params, A.exact(problem.X));
  const n = B.rows(problem.X);
  let Y: M<R>;
  if (problem.Y !== undefined) Y = problem.Y;
  else if (problem.y !== undefined) {
    // C outputs per sample: y holds them row-major (n·C entries), as a model's predictions (Model.outputs)
    const C = A.cols(f.c[0]!);
    Y = C > 1 && B.dim(problem.y) === n * C ? B.reshape(problem.y, n, C) : B.reshape(problem.y, B.dim(problem.y), 1);
  } else throw new RangeError('taylor: give the targets y (a vector) or Y (an n × C matrix)');
  if (B.rows(Y) !== A.rows(f.c[0]!) || B.cols(Y) !== A.cols(f.c[0]!)) {
    throw new RangeError(
      `taylor: targets are ${B.rows(Y)}×${B.cols(Y)}, the predictions ${A.rows(f.c[0]!)}×${A.cols(f.c[0]!)}`,
    );
  }
  const total = J.total(loss(J, f, A.exact(Y)));
  return (problem.reduction ?? 'mean') === 'mean' ? J.ratio(total, 1, n) : total;
}

/** The loss series L(θ − ηΔ) as a 1×1 jet over algebra A (opts: e.g. a recorder of pre-activations). */
export function lossSeries<R extends Repr, T>(
  A: JetAlgebra<R, T>,
  problem: TaylorProblem<R>,
  theta: V<R>,
  delta: V<R>,
  order: number,
  opts: JetOptions<T> & {
    /** Componentwise radii of Δ (Δ known as a ball, e.g. a gradient with its rounding bar); exact when absent. */
    readonly deltaErr?: V<R>;
    /** Builds a coefficient ball from a midpoint and radius (required with deltaErr). */
    readonly ball?: (value: M<R>, err: M<R>) => T;
  } = {},
): { J: JetOps<R, T>; series: Jet<T> } {
  const B = A.B;
  const { net } = parts(problem);
  const J = jetOps(A, order, opts);
  const th = splitShapes(B, theta, net.shapes, 'θ');
  const de = splitShapes(B, delta, net.shapes, 'Δ');
  const dr = opts.deltaErr === undefined ? null : splitShapes(B, opts.deltaErr, net.shapes, 'Δ (radii)');
  const dir = (i: number): T => {
    if (dr === null) return A.exact(de[i]!);
    if (opts.ball === undefined) throw new RangeError('lossSeries: deltaErr needs the ball constructor');
    return opts.ball(de[i]!, dr[i]!);
  };
  // θ − ηΔ per block
  const params = th.map((t, i) => J.line(A.exact(t), A.neg(dir(i))));
  return { J, series: lossOfParams(J, problem, params) };
}

/**
 * The loss at a point known as a ball (e.g. θ − ηΔ computed with its rounding bar), with the activations' masks of
 * that point (certified, else a JetDomainError): an order-0 jet, i.e. the plain forward pass in ball arithmetic.
 */
export function lossAtBall<R extends Repr>(B: Backend<R>, problem: TaylorProblem<R>, point: VecBall<R>): Ball<R> {
  const A = ballAlgebra(B);
  const { net } = parts(problem);
  const J = jetOps(A, 0);
  const mids = splitShapes(B, point.value, net.shapes, 'θ');
  const rads = splitShapes(B, point.err, net.shapes, 'θ (radii)');
  const params = mids.map((m, i) => J.constant({ value: m, err: rads[i]! }));
  return A.scalar(lossOfParams(J, problem, params).c[0]!);
}

/** c_0 … c_order of L(θ − ηΔ), each a ball (module comment); deltaErr: radii of Δ when Δ is known as a ball. */
export function taylor<R extends Repr>(
  B: Backend<R>,
  problem: TaylorProblem<R>,
  theta: V<R>,
  delta: V<R>,
  order: number,
  deltaErr?: V<R>,
): Ball<R>[] {
  const A = ballAlgebra(B);
  const { series } = lossSeries(A, problem, theta, delta, order, {
    ...(deltaErr === undefined ? {} : { deltaErr, ball: (value: M<R>, err: M<R>) => ({ value, err }) }),
  });
  return series.c.map((c) => (c === null ? { value: B.zero, err: B.zero } : A.scalar(c)));
}

/** c_0 … c_order of L(θ − ηΔ) in plain backend arithmetic (no bars). */
export function taylorMid<R extends Repr>(
  B: Backend<R>,
  problem: TaylorProblem<R>,
  theta: V<R>,
  delta: V<R>,
  order: number,
): S<R>[] {
  const A = plainAlgebra(B);
  const { series } = lossSeries(A, problem, theta, delta, order);
  return series.c.map((c) => (c === null ? B.zero : B.mget(c, 0, 0)));
}
