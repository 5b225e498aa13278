/**
 * Gradient flow of a bias-free ReLU MLP across activation-pattern changes (docs/theorems/taylor.md T10): the flow
 * is integrated piece by piece; on a piece every hidden mask is frozen, so the field is the gradient of one
 * polynomial (smooth); an event fires when a frozen-mask pre-activation crosses 0, and the next piece starts there
 * with that mask switched. Two steppers: the engine's driver (explicit, estimated error) and Gauss–Legendre with a
 * rigorous bound on the drift of every layer balance.
 */
import {
  ballArith,
  carrySigns,
  eventSigns,
  firedComponents,
  gaussLegendre,
  gaussQuadraticDrift,
  gaussStep,
  integrate,
  locateEvent,
  type Ball,
  type Num,
  type OdeSolver,
  type Repr,
  type S,
  type StepController,
  type V,
  type VecBall,
  type VectorField,
} from '../../src/index.js';
import { fieldBall, vslice, type MaskedMlp } from './maskedMlp.lib.js';

export interface PiecewiseFlow<R extends Repr> {
  /** 'ok': reached T; otherwise why the run says nothing (a kink at a restart, a slide along a kink, the driver). */
  readonly result: 'ok' | 'inconclusive';
  readonly reason?: string;
  readonly y: V<R>;
  /** Mask switches (events), and for each the time bracket's upper end and the pre-activation index that fired. */
  readonly switches: readonly { readonly t: S<R>; readonly index: number }[];
  /** Over all pieces: Σ‖local error estimate‖, accepted steps, max ‖θ‖. */
  readonly errSum: S<R>;
  readonly accepted: number;
  readonly maxNorm: S<R>;
}

/**
 * Ẇ_k = −ξ_kG_k on [0, T], piece by piece. A piece ends at the driver's event (the first frozen-mask pre-activation
 * to change sign, bracketed to the driver's tolerance); the next piece starts at the event's upper end tHi with the
 * pattern of θ(tHi). Inconclusive when a restart lands exactly on a kink, when more than `maxSwitches` switches
 * occur, or when the same pre-activation fires again within 1024 event tolerances of its switch (the flow slides
 * along the kink: Filippov dynamics, not a sequence of smooth pieces).
 */
export function gfAcrossMaskSwitches<R extends Repr>(
  net: MaskedMlp<R>,
  xi: readonly S<R>[],
  theta0: V<R>,
  T: S<R>,
  opts: {
    readonly solver: OdeSolver;
    readonly controller: () => StepController<R>;
    readonly maxSwitches?: number;
    readonly maxSteps?: number;
  },
): PiecewiseFlow<R> {
  const B = net.B;
  const negScale = B.concat(net.sizes.map((m, k) => B.fill(m, B.neg(xi[k]!))));
  const evTol = (t: S<R>) => B.mul(B.mul(B.int(64), B.eps), B.max(B.one, B.abs(t)));
  const switches: { t: S<R>; index: number }[] = [];
  let t = B.zero;
  let y = theta0;
  let errSum = B.zero;
  let accepted = 0;
  let maxNorm = B.nrm2(theta0);
  const out = (result: 'ok' | 'inconclusive', reason?: string): PiecewiseFlow<R> => ({
    result,
    ...(reason !== undefined ? { reason } : {}),
    y,
    switches,
    errSum,
    accepted,
    maxNorm,
  });
  for (;;) {
    const { masks, kink } = net.masksAt(y);
    const at = `t ≈ ${B.toNumber(t).toPrecision(4)}`;
    if (kink) return out('inconclusive', `a pre-activation is exactly 0 at ${at} (the pattern there is ambiguous)`);
    const field: VectorField<R> = (_t, th) => B.vmul(negScale, net.grad(th, masks));
    const sol = integrate(field, opts.solver, opts.controller(), {
      t0: t,
      t1: T,
      y0: y,
      saveAt: { t0: false, t1: false },
      event: { g: (_t, th) => net.preacts(th, masks), tol: evTol(T) },
      maxSteps: opts.maxSteps ?? 20_000,
    });
    errSum = B.add(errSum, sol.stats.errSum);
    accepted += sol.stats.accepted;
    maxNorm = B.max(maxNorm, sol.stats.maxNorm);
    if (sol.result === 'ok') {
      y = sol.y;
      return out('ok');
    }
    if (sol.result !== 'event' || sol.event === undefined)
      return out('inconclusive', `gradient flow did not reach T: ${sol.message}`);
    const ev = sol.event;
    if (!ev.converged) return out('inconclusive', `the mask switch at ${at} could not be bracketed to the tolerance`);
    const prev = switches[switches.length - 1];
    if (prev !== undefined && prev.index === ev.index && B.cmp(B.sub(ev.tHi, t), B.mul(B.int(1024), evTol(T))) <= 0)
      return out(
        'inconclusive',
        `pre-activation ${ev.index} switched back within 1024 tolerances at ${at}: the flow slides along the kink`,
      );
    switches.push({ t: ev.tHi, index: ev.index });
    if (switches.length > (opts.maxSwitches ?? 64))
      return out('inconclusive', `more than ${opts.maxSwitches ?? 64} mask switches before T`);
    t = ev.tHi;
    y = ev.yHi;
  }
}

export interface GaussPiecewiseFlow<R extends Repr> extends Omit<PiecewiseFlow<R>, 'errSum'> {
  /** Per adjacent pair (k, k+1): a rigorous bound on |Q_k(y_N) − Q_k(y_0)| if (I7) holds at every stage point. */
  readonly bars: readonly S<R>[];
  /** Steps whose stage equations did not reach the rounding floor (their residual is in the bar all the same). */
  readonly unconverged: number;
}

/**
 * The same piecewise flow as `gfAcrossMaskSwitches`, stepped by the 3-stage Gauss–Legendre method (order 6) with
 * h ≤ T/32, and with the drift of every Q_k bounded rigorously step by step (T10, "a derived bar"): for stage slopes
 * K_i and exact stage points Y_i = y + hΣ_j a_ij K_j, y' = y + hΣ_i b_i K_i,
 *   Q(y') − Q(y) = 2hΣ_i b_i K_iᵀSY_i + h²Σ_ij m_ij K_iᵀSK_j,   m_ij = b_ib_j − b_ia_ij − b_ja_ji,
 * and K_iᵀSY_i = r_iᵀSY_i + f(Y_i)ᵀSY_i with r_i = K_i − f(Y_i) the stage residual and f(Y_i)ᵀSY_i = 0 by (I7).
 * So |ΔQ| ≤ 2hΣ|b_i||r_iᵀSY_i| + h²Σ|m_ij||K_iᵀSK_j| + |Q(fl(y')) − Q(y')|, each term enclosed in ball arithmetic
 * (f(Y_i) by `fieldBall`, m_ij from the materialized coefficients). None of the terms contains f(Y)ᵀSY itself: a
 * field violating (I7) drifts by 2hΣb_i f(Y_i)ᵀSY_i beyond the bar.
 */
export function gfGaussAcrossMaskSwitches<R extends Repr>(
  net: MaskedMlp<R>,
  data: { readonly X: readonly (readonly Num[])[]; readonly Y: readonly (readonly Num[])[] },
  xi: readonly S<R>[],
  theta0: V<R>,
  T: S<R>,
  opts: { readonly maxSwitches?: number; readonly maxSteps?: number; readonly stepsPerT?: number } = {},
): GaussPiecewiseFlow<R> {
  const B = net.B;
  const K = ballArith(B);
  const C = gaussLegendre(B, 3);
  const L = net.widths.length - 1;
  const offs = net.sizes.map((_, k) => net.sizes.slice(0, k).reduce((a, b) => a + b, 0));
  const negScale = B.concat(net.sizes.map((m, k) => B.fill(m, B.neg(xi[k]!))));
  const invXi = xi.map((x) => K.div(K.int(1), K.exact(x)));
  const evTol = B.mul(B.mul(B.int(64), B.eps), B.max(B.one, B.abs(T)));
  const hMax = B.div(T, B.int(opts.stepsPerT ?? 32));
  const maxSteps = opts.maxSteps ?? 4000;
  const maxSwitches = opts.maxSwitches ?? 64;
  /** xᵀS_ky for the pair (k, k+1), x and y vector balls over all of θ. */
  const forms = Array.from({ length: L - 1 }, (_, k) => (x: VecBall<R>, y: VecBall<R>): Ball<R> => {
    const blk = (j: number, v: VecBall<R>) => vslice(K, B, v, offs[j]!, offs[j]! + net.sizes[j]!);
    return K.sub(
      K.mul(invXi[k]!, K.dot(blk(k, x), blk(k, y))),
      K.mul(invXi[k + 1]!, K.dot(blk(k + 1, x), blk(k + 1, y))),
    );
  });
  const bars: Ball<R>[] = Array.from({ length: L - 1 }, () => K.exact(B.zero));
  /** Add the rigorous drift bound of one step y → y1 (stage slopes Ks, size h) to `bars`. */
  const charge = (t: S<R>, y: V<R>, h: S<R>, Ks: readonly V<R>[], y1: V<R>, masks: readonly V<R>[]) => {
    const fBall = (_t: S<R>, Yi: VecBall<R>): VecBall<R> => {
      const f = fieldBall(net, K, data.X, data.Y, xi, Yi, masks);
      return { value: B.concat(f.map((v) => v.value)), err: B.concat(f.map((v) => v.err)) };
    };
    const drift = gaussQuadraticDrift(K, C, fBall, forms, { t, y, h, K: Ks, y1 });
    drift.forEach((d, k) => (bars[k] = K.add(bars[k]!, d)));
  };

  const switches: { t: S<R>; index: number }[] = [];
  let t = B.zero;
  let y = theta0;
  let accepted = 0;
  let unconverged = 0;
  let maxNorm = B.nrm2(theta0);
  let h = hMax;
  const out = (result: 'ok' | 'inconclusive', reason?: string): GaussPiecewiseFlow<R> => ({
    result,
    ...(reason !== undefined ? { reason } : {}),
    y,
    switches,
    bars: bars.map((b) => K.upper(b)),
    accepted,
    maxNorm,
    unconverged,
  });
  while (B.cmp(t, T) < 0) {
    const { masks, kink } = net.masksAt(y);
    const at = `t ≈ ${B.toNumber(t).toPrecision(4)}`;
    if (kink) return out('inconclusive', `a pre-activation is exactly 0 at ${at} (the pattern there is ambiguous)`);
    const field: VectorField<R> = (_t, th) => B.vmul(negScale, net.grad(th, masks));
    const g = (_t: S<R>, th: V<R>) => net.preacts(th, masks);
    let gPrev = g(t, y);
    let signs = eventSigns(B, gPrev);
    for (;;) {
      if (accepted >= maxSteps) return out('inconclusive', `more than ${maxSteps} steps before T`);
      const remaining = B.sub(T, t);
      const landing = B.cmp(h, remaining) >= 0;
      const hh = landing ? remaining : h;
      const f0 = field(t, y);
      const step = gaussStep(B, C, field, t, y, hh, f0);
      if (!step.converged && B.cmp(hh, B.mul(hMax, B.num('1e-6'))) > 0) {
        h = B.div(hh, B.int(2)); // fixed-point iteration not contracting: a smaller step
        continue;
      }
      const gNew = g(t, step.y1);
      if (firedComponents(B, signs, gNew).length === 0) {
        charge(t, y, hh, step.K, step.y1, masks);
        if (!step.converged) unconverged++;
        accepted++;
        t = landing ? T : B.add(t, hh);
        y = step.y1;
        maxNorm = B.max(maxNorm, B.nrm2(y));
        gPrev = gNew;
        signs = carrySigns(B, signs, gNew);
        h = B.min(hMax, B.mul(h, B.int(2)));
        if (landing) return out('ok');
        continue;
      }
      // a pre-activation crossed 0 inside the step: bracket it (src/flow events) on re-solved shorter steps
      const trials = new Map<V<R>, { s: S<R>; K: readonly V<R>[]; converged: boolean }>();
      trials.set(step.y1, { s: hh, K: step.K, converged: step.converged });
      const sub = (s: S<R>) => {
        const o = gaussStep(B, C, field, t, y, s, f0);
        trials.set(o.y1, { s, K: o.K, converged: o.converged });
        return { y: o.y1 };
      };
      const ev = locateEvent(B, { g, tol: evTol }, sub, t, { y, g: gPrev, signs }, { h: hh, y: step.y1, g: gNew });
      if (!ev.converged) return out('inconclusive', `the mask switch near ${at} could not be bracketed`);
      const hit = trials.get(ev.yHi)!;
      charge(t, y, hit.s, hit.K, ev.yHi, masks);
      if (!hit.converged) unconverged++;
      accepted++;
      const prev = switches[switches.length - 1];
      if (prev !== undefined && prev.index === ev.index && B.cmp(B.sub(ev.tHi, prev.t), B.mul(B.int(1024), evTol)) <= 0)
        return out(
          'inconclusive',
          `pre-activation ${ev.index} switched back within 1024 tolerances at ${at}: the flow slides along the kink`,
        );
      switches.push({ t: ev.tHi, index: ev.index });
      if (switches.length > maxSwitches) return out('inconclusive', `more than ${maxSwitches} mask switches before T`);
      t = ev.tHi;
      y = ev.yHi;
      maxNorm = B.max(maxNorm, B.nrm2(y));
      break;
    }
  }
  return out('ok');
}
