/**
 * Gradient flow of a bias-free ReLU MLP across activation-pattern changes (docs/theorems/taylor.md T10): the flow
 * is integrated piece by piece; on a piece every hidden mask is frozen, so the field is the gradient of one
 * polynomial (smooth, and the integrator's error estimate applies); an event of the driver fires when a frozen-mask
 * pre-activation crosses 0, and the next piece starts there with that mask switched.
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
  type Backend,
  type Ball,
  type BallArith,
  type MatBall,
  type VecBall,
  type Num,
  type OdeSolver,
  type Repr,
  type S,
  type StepController,
  type V,
  type VectorField,
} from '../../src/index.js';

/** The square-loss MLP of T1 (mean over the n samples of ½‖F(x_i) − y_i‖²) with masks given from outside. */
export interface MaskedMlp<R extends Repr> {
  readonly B: Backend<R>;
  readonly widths: readonly number[];
  /** Per layer: the n_k·n_{k−1} entries of W_k in θ (row-major). */
  readonly sizes: readonly number[];
  /** Hidden pre-activations Z_1 … Z_{L−1} (n × n_k each, flattened and concatenated), computed with these masks. */
  preacts(theta: V<R>, masks: readonly V<R>[]): V<R>;
  /** The actual activation pattern at θ: per hidden layer the 0/1 mask of Z_k > 0; `kink` if some Z_k is exactly 0. */
  masksAt(theta: V<R>): { readonly masks: V<R>[]; readonly kink: boolean };
  /** ∇F at θ with the masks frozen: the gradient of the polynomial that equals F where the pattern is `masks`. */
  grad(theta: V<R>, masks: readonly V<R>[]): V<R>;
}

export function maskedMlp<R extends Repr>(
  B: Backend<R>,
  widths: readonly number[],
  X: readonly (readonly Num[])[],
  Y: readonly (readonly Num[])[],
): MaskedMlp<R> {
  const L = widths.length - 1;
  const n = X.length;
  const Xm = B.mat(X);
  const Ym = B.mat(Y);
  const sizes = widths.slice(1).map((d, k) => d * widths[k]!);
  const offsets = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
  const layer = (theta: V<R>, k: number) =>
    B.reshape(B.slice(theta, offsets[k]!, offsets[k]! + sizes[k]!), widths[k + 1]!, widths[k]!);
  /** Forward pass: Z_k = H_{k−1}W_kᵀ, H_k = Z_k ⊙ mask_k (frozen) or relu(Z_k) (masks undefined). */
  const forward = (theta: V<R>, masks?: readonly V<R>[]) => {
    const Hs = [Xm];
    const Zs = [];
    for (let k = 0; k < L; k++) {
      const Z = B.gemm(Hs[k]!, layer(theta, k), false, true);
      Zs.push(Z);
      if (k + 1 < L) {
        const z = B.flatten(Z);
        Hs.push(B.reshape(masks ? B.vmul(z, masks[k]!) : B.map('relu', z), n, widths[k + 1]!));
      }
    }
    return { Hs, Zs };
  };
  const invN = B.div(B.one, B.int(n));
  return {
    B,
    widths,
    sizes,
    preacts(theta, masks) {
      return B.concat(
        forward(theta, masks)
          .Zs.slice(0, L - 1)
          .map((Z) => B.flatten(Z)),
      );
    },
    masksAt(theta) {
      const { Hs, Zs } = forward(theta);
      let kink = false;
      const masks = Zs.slice(0, L - 1).map((Z, k) => {
        const width = widths[k + 1]!;
        const inputs = B.unpack(B.flatten(Hs[k]!));
        const m = widths[k]!;
        return B.pack(
          B.unpack(B.flatten(Z)).map((z, idx) => {
            const c = B.cmp(z, B.zero);
            // z = 0 with an all-zero input row (every unit below is off for this sample) stays 0 while the piece
            // lasts and its mask multiplies zeros only: not a kink
            const i = Math.floor(idx / width);
            if (c === 0 && inputs.slice(i * m, (i + 1) * m).some((h) => !B.isZero(h))) kink = true;
            return c > 0 ? B.one : B.zero;
          }),
        );
      });
      return { masks, kink };
    },
    grad(theta, masks) {
      const { Hs, Zs } = forward(theta, masks);
      // D_L = (Z_L − Y)/n; G_k = D_kᵀH_{k−1}; D_k = (D_{k+1}W_{k+1}) ⊙ mask_k
      let D = B.reshape(B.scal(invN, B.vsub(B.flatten(Zs[L - 1]!), B.flatten(Ym))), n, widths[L]!);
      const G: V<R>[] = [];
      for (let k = L - 1; k >= 0; k--) {
        G[k] = B.flatten(B.gemm(D, Hs[k]!, true, false));
        if (k > 0) D = B.reshape(B.vmul(B.flatten(B.gemm(D, layer(theta, k))), masks[k - 1]!), n, widths[k]!);
      }
      return B.concat(G);
    },
  };
}

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

/** Vector-ball slice and concatenation (value and radius vectors side by side). */
function vslice<R extends Repr>(K: BallArith<R>, B: Backend<R>, x: VecBall<R>, a: number, b: number): VecBall<R> {
  return K.vof(B.slice(x.value, a, b), B.slice(x.err, a, b));
}

/**
 * The frozen-mask field f_M(θ) = −(ξ_kG^M_k)_k at a ball of θ, as one vector ball per layer, enclosing the exact
 * field at every point of the ball (ball back-propagation; multiplying by a 0/1 mask is exact).
 */
export function fieldBall<R extends Repr>(
  net: MaskedMlp<R>,
  K: BallArith<R>,
  X: readonly (readonly Num[])[],
  Y: readonly (readonly Num[])[],
  xi: readonly S<R>[],
  theta: VecBall<R>,
  masks: readonly V<R>[],
): VecBall<R>[] {
  const B = net.B;
  const w = net.widths;
  const L = w.length - 1;
  const n = X.length;
  const offs = net.sizes.map((_, k) => net.sizes.slice(0, k).reduce((a, b) => a + b, 0));
  const Ws = net.sizes.map((m, k) => K.mreshape(vslice(K, B, theta, offs[k]!, offs[k]! + m), w[k + 1]!, w[k]!));
  const mask = (Z: MatBall<R>, m: V<R>): MatBall<R> =>
    K.mof(
      B.reshape(B.vmul(B.flatten(Z.value), m), B.rows(Z.value), B.cols(Z.value)),
      B.reshape(B.vmul(B.flatten(Z.err), m), B.rows(Z.value), B.cols(Z.value)),
    );
  const Hs = [K.mnum(X)];
  let Z = K.gemm(Hs[0]!, Ws[0]!, false, true);
  for (let k = 1; k < L; k++) {
    Hs.push(mask(Z, masks[k - 1]!));
    Z = K.gemm(Hs[k]!, Ws[k]!, false, true);
  }
  let D = K.mscal(K.div(K.int(1), K.int(n)), K.msub(Z, K.mnum(Y)));
  const out: VecBall<R>[] = [];
  for (let k = L - 1; k >= 0; k--) {
    out[k] = K.scal(K.neg(K.exact(xi[k]!)), K.mflatten(K.gemm(D, Hs[k]!, true, false)));
    if (k > 0) D = mask(K.gemm(D, Ws[k]!), masks[k - 1]!);
  }
  return out;
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
