/**
 * Gradient flow of a bias-free ReLU MLP across activation-pattern changes (docs/theorems/taylor.md T10): the flow
 * is integrated piece by piece; on a piece every hidden mask is frozen, so the field is the gradient of one
 * polynomial (smooth, and the integrator's error estimate applies); an event of the driver fires when a frozen-mask
 * pre-activation crosses 0, and the next piece starts there with that mask switched.
 */
import {
  integrate,
  type Backend,
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
