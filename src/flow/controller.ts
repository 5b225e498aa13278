/**
 * Step-size controllers: PI control on the embedded error estimate, and constant steps.
 */
import type { Backend, Num, Repr, S, V } from '../numeric/types.js';
import type { AdaptiveController, ConstantController, MaxStepHook, VectorField } from './types.js';

/**
 * Default tolerance of a backend: rtol = atol = 100·u (u = B.eps).
 * Why 100: the error estimate h·Σ(b−b̂)k is itself computed with rounding error of a few u·‖y‖ (stage sums with
 * coefficients of size ≤ ~20, cancelling); the controller must see truncation error, not that noise, so the target
 * sits two decimal digits above u. Lower targets end in 'step_too_small' or random step rejection. f64: 1.1e-14;
 * dd (u ≈ 2^-104 ≈ 4.9e-32): 4.9e-30; dec:p: 100·u.
 */
export function defaultTolerance<R extends Repr>(B: Backend<R>): S<R> {
  return B.mul(B.int(100), B.eps);
}

export interface PidOptions<R extends Repr> {
  rtol?: S<R> | Num;
  atol?: S<R> | Num;
  dt0?: S<R> | Num;
  dtMax?: S<R> | Num;
  dtMin?: S<R> | Num;
  maxStep?: MaxStepHook<R>;
  beta1?: number;
  beta2?: number;
  safety?: number;
  facMin?: number;
  facMax?: number;
}

function scalar<R extends Repr>(B: Backend<R>, x: S<R> | Num): S<R> {
  return typeof x === 'string' ? B.num(x) : x;
}

/**
 * PI step-size controller (Gustafsson 1991; Hairer–Wanner II §IV.2, eq. (2.43c)):
 *   h_{n+1} = h_n · clamp(safety · err_n^(−β₁/k) · err_{n−1}^(β₂/k), facMin, facMax),  k = q + 1,
 * err = ‖e_i / (atol + rtol·max(|y_i|, |y1_i|))‖_∞, accepted when err ≤ 1. Defaults β₁ = 0.7, β₂ = 0.4,
 * safety 0.9, fac ∈ [0.2, 5]; rtol = atol = defaultTolerance(B).
 */
export function pid<R extends Repr>(B: Backend<R>, opts: PidOptions<R> = {}): AdaptiveController<R> {
  const tol = defaultTolerance(B);
  const rtol = opts.rtol !== undefined ? scalar(B, opts.rtol) : tol;
  const atol = opts.atol !== undefined ? scalar(B, opts.atol) : tol;
  if (!(B.cmp(rtol, B.zero) >= 0 && B.cmp(atol, B.zero) >= 0 && B.cmp(B.add(rtol, atol), B.zero) > 0)) {
    throw new RangeError('pid: rtol and atol must be ≥ 0 and not both 0');
  }
  return {
    kind: 'adaptive',
    B,
    rtol,
    atol,
    ...(opts.dt0 !== undefined ? { dt0: scalar(B, opts.dt0) } : {}),
    ...(opts.dtMax !== undefined ? { dtMax: scalar(B, opts.dtMax) } : {}),
    ...(opts.dtMin !== undefined ? { dtMin: scalar(B, opts.dtMin) } : {}),
    ...(opts.maxStep ? { maxStep: opts.maxStep } : {}),
    beta1: opts.beta1 ?? 0.7,
    beta2: opts.beta2 ?? 0.4,
    safety: opts.safety ?? 0.9,
    facMin: opts.facMin ?? 0.2,
    facMax: opts.facMax ?? 5,
  };
}

/** Constant step dt (the last step is shortened to land on t1 and on save times). */
export function constantStep<R extends Repr>(B: Backend<R>, dt: S<R> | Num): ConstantController<R> {
  const h = scalar(B, dt);
  if (!(B.cmp(h, B.zero) > 0) || !B.isFinite(h)) throw new RangeError('constantStep: dt must be finite and > 0');
  return { kind: 'constant', B, dt: h };
}

/** Error scale atol + rtol·max(|y|, |y1|), elementwise (max(a, b) = (a + b + |a − b|)/2 for a, b ≥ 0). */
export function errorScale<R extends Repr>(B: Backend<R>, C: AdaptiveController<R>, y: V<R>, y1: V<R>): V<R> {
  const ay = B.map('abs', y);
  const ay1 = B.map('abs', y1);
  const half = B.div(B.one, B.int(2));
  const m = B.scal(half, B.vadd(B.vadd(ay, ay1), B.map('abs', B.vsub(ay, ay1))));
  return B.vshift(B.scal(C.rtol, m), C.atol);
}

/** ‖e / scale‖_∞ as a double (control logic only). */
export function errorNorm<R extends Repr>(B: Backend<R>, e: V<R>, scale: V<R>): number {
  return B.toNumber(B.amax(B.vdiv(e, scale)));
}

/**
 * Starting step (Hairer–Nørsett–Wanner I, §II.4 "Starting step size"): h0 = 0.01·d0/d1, one Euler step to
 * estimate the second derivative d2, then h = min(100·h0, (0.01/max(d1, d2))^{1/k}). Done in doubles (control
 * logic); values are clamped to the double range.
 */
export function initialStep<R extends Repr>(
  B: Backend<R>,
  C: AdaptiveController<R>,
  f: VectorField<R>,
  t0: S<R>,
  y0: V<R>,
  f0: V<R>,
  k: number,
): { h: S<R>; fevals: number } {
  const sc = errorScale(B, C, y0, y0);
  const rms = (v: V<R>): number => B.toNumber(B.amax(B.vdiv(v, sc)));
  const d0 = rms(y0);
  const d1 = rms(f0);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  if (!Number.isFinite(h0) || h0 <= 0) h0 = 1e-6;
  const H0 = B.fromDouble(h0);
  const y1 = B.axpy(H0, f0, y0);
  const f1 = f(B.add(t0, H0), y1);
  const d2 = B.allFinite(f1) ? rms(B.vsub(f1, f0)) / h0 : Infinity;
  const m = Math.max(d1, d2);
  const h1 = m <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 1 / k);
  let h = Math.min(100 * h0, h1);
  if (!Number.isFinite(h) || h <= 0) h = 1e-6;
  return { h: B.fromDouble(Math.max(h, 1e-300)), fevals: 1 };
}
