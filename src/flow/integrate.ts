/**
 * The one continuous-time driver (Diffrax `diffeqsolve`): integrate dy/dt = f(t, y) from t0 to t1 with an explicit
 * RK solver and a step controller, landing exactly on save times. Numerical trouble is a result value, never an
 * exception; every loop is bounded by maxSteps.
 */
import type { Repr, S, V } from '../numeric/types.js';
import { errorNorm, errorScale, initialStep } from './controller.js';
import { carrySigns, eventSigns, firedComponents, locateEvent, type EventHit } from './events.js';
import { coeffs, rkStep } from './rk.js';
import { schedule } from './save.js';
import {
  FLOW_MESSAGES,
  type FlowResult,
  type IntegrateOptions,
  type OdeSolver,
  type Solution,
  type StepController,
  type VectorField,
} from './types.js';

/** Default bound on attempted steps. */
export const DEFAULT_MAX_STEPS = 100_000;

/**
 * Integrate y' = f(t, y), y(t0) = y0 on [t0, t1].
 * Adaptive control: a step is accepted when ‖err / (atol + rtol·max(|y|, |y1|))‖_∞ ≤ 1; the solution is propagated
 * with the higher-order weights (local extrapolation). Constant control: every step has size dt (shortened to land
 * on save times and t1).
 */
export function integrate<R extends Repr>(
  f: VectorField<R>,
  solver: OdeSolver,
  controller: StepController<R>,
  opts: IntegrateOptions<R>,
): Solution<R> {
  const B = controller.B;
  const t0 = opts.t0 ?? B.zero;
  const t1 = opts.t1;
  if (!B.isFinite(t0) || !B.isFinite(t1) || B.cmp(t1, t0) < 0) {
    throw new RangeError('integrate: t0 and t1 must be finite with t1 ≥ t0 (backward integration is not supported)');
  }
  const maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isSafeInteger(maxSteps) || maxSteps < 1)
    throw new RangeError('integrate: maxSteps must be a positive integer');
  if (controller.kind === 'adaptive' && solver.embeddedOrder === undefined) {
    throw new Error(
      `integrate: solver '${solver.id}' has no error estimate; use constantStep(B, dt) as the controller`,
    );
  }
  const divergeAbove = opts.divergeAbove ?? B.num('1e100');
  const saveAt = opts.saveAt ?? {};
  const sched = schedule(B, saveAt, t0, t1);
  const C = coeffs(B, solver.tableau);
  const k = (solver.embeddedOrder ?? solver.order) + 1;

  const ts: S<R>[] = [];
  const ys: unknown[] = [];
  const record = (t: S<R>, y: V<R>): void => {
    ts.push(t);
    ys.push(saveAt.fn ? saveAt.fn(t, y) : y);
  };

  let t = t0;
  let y = opts.y0;
  let steps = 0;
  let accepted = 0;
  let rejected = 0;
  let fevals = 0;
  let errSum = B.zero;
  let maxNorm = B.nrm2(y);
  let hit: EventHit<R> | undefined;
  const finish = (result: FlowResult): Solution<R> => ({
    result,
    message: FLOW_MESSAGES[result],
    ts,
    ys,
    t,
    y,
    stats: { steps, accepted, rejected, fevals, errSum, maxNorm },
    ...(hit ? { event: hit } : {}),
  });

  if (sched.saveT0) record(t, y);
  if (!B.allFinite(y)) return finish('diverged');
  let fy = f(t, y);
  fevals++;
  if (!B.allFinite(fy)) return finish('diverged');
  const ev = opts.event;
  let evG = ev?.g(t, y);
  let evSigns = evG ? eventSigns(B, evG) : [];

  let h: S<R>;
  if (controller.kind === 'constant') h = controller.dt;
  else if (controller.dt0 !== undefined) h = controller.dt0;
  else {
    const init = initialStep(B, controller, f, t, y, fy, k);
    h = init.h;
    fevals += init.fevals;
  }

  let errPrev = 1e-4;
  let rejectedLast = false;
  let nonFiniteLast = false;
  let stopIdx = 0;
  while (stopIdx < sched.stops.length) {
    if (steps >= maxSteps) return finish('max_steps');
    const target = sched.stops[stopIdx]!;
    // only when t1 = t0: the one stop is t0 itself, reached with no step (recorded once if t0 was saved already)
    if (B.cmp(target, t) === 0) {
      if (sched.save[stopIdx] && !sched.saveT0) record(t, y);
      stopIdx++;
      continue;
    }
    let hh = h;
    if (controller.kind === 'adaptive') {
      if (controller.dtMax !== undefined) hh = B.min(hh, controller.dtMax);
      const cap = controller.maxStep?.(t, y, accepted);
      if (cap !== undefined && B.isFinite(cap) && B.cmp(cap, B.zero) > 0) hh = B.min(hh, cap);
    }
    const remaining = B.sub(target, t);
    const landing = B.cmp(hh, remaining) >= 0;
    if (landing) hh = remaining;
    const tNew = landing ? target : B.add(t, hh);
    if (
      B.cmp(tNew, t) <= 0 ||
      (controller.kind === 'adaptive' && controller.dtMin !== undefined && !landing && B.cmp(hh, controller.dtMin) < 0)
    ) {
      return finish(nonFiniteLast ? 'diverged' : 'step_too_small');
    }
    steps++;
    const out = rkStep(B, C, f, t, y, hh, fy);
    fevals += out.fevals;
    const finite = B.allFinite(out.y1) && (out.err === undefined || B.allFinite(out.err));
    let hNext = h;
    if (controller.kind === 'adaptive') {
      const en = finite ? errorNorm(B, out.err!, errorScale(B, controller, y, out.y1)) : Infinity;
      if (!(en <= 1)) {
        // reject: shrink by the I-controller factor (or 10× when the step produced non-finite values)
        rejected++;
        nonFiniteLast = !finite;
        const fac = Number.isFinite(en) ? Math.max(controller.facMin, controller.safety * Math.pow(en, -1 / k)) : 0.1;
        h = B.mul(hh, B.fromDouble(Math.min(fac, 0.9)));
        rejectedLast = true;
        continue;
      }
      const fac =
        en === 0
          ? controller.facMax
          : Math.min(
              rejectedLast ? 1 : controller.facMax,
              Math.max(
                controller.facMin,
                controller.safety * Math.pow(en, -controller.beta1 / k) * Math.pow(errPrev, controller.beta2 / k),
              ),
            );
      errPrev = Math.max(en, 1e-4);
      const proposed = B.mul(hh, B.fromDouble(fac));
      // a step shortened to land on a save time says nothing against the previous, longer proposal
      hNext = landing ? B.max(proposed, B.min(h, B.mul(proposed, B.int(5)))) : proposed;
      rejectedLast = false;
      nonFiniteLast = false;
    } else if (!finite) {
      y = out.y1;
      t = tNew;
      return finish('diverged');
    }
    if (ev) {
      const gNew = ev.g(tNew, out.y1);
      if (firedComponents(B, evSigns, gNew).length > 0) {
        const sub = (s: S<R>) => {
          const o = rkStep(B, C, f, t, y, s, fy);
          fevals += o.fevals;
          return { y: o.y1, ...(o.err ? { err: o.err } : {}) };
        };
        const found = locateEvent(
          B,
          ev,
          sub,
          t,
          { y, g: evG!, signs: evSigns },
          { h: hh, y: out.y1, g: gNew, ...(out.err ? { err: out.err } : {}) },
        );
        // the accepted step straddled the crossing, so its error test says nothing; the step to tHi must pass its own
        if (
          controller.kind === 'adaptive' &&
          found.errHi !== undefined &&
          !(errorNorm(B, found.errHi, errorScale(B, controller, y, found.yHi)) <= 1)
        ) {
          rejected++;
          h = B.div(B.sub(found.tHi, t), B.int(2));
          rejectedLast = true;
          continue;
        }
        t = found.tHi;
        y = found.yHi;
        accepted++;
        if (found.errHi !== undefined) errSum = B.add(errSum, B.nrm2(found.errHi));
        const { errHi: _e, ...pub } = found;
        hit = pub;
        if (!B.allFinite(y)) return finish('diverged');
        maxNorm = B.max(maxNorm, B.nrm2(y));
        if ((saveAt.t1 ?? true) || saveAt.steps) record(t, y);
        return finish('event');
      }
      evG = gNew;
      evSigns = carrySigns(B, evSigns, gNew);
    }
    t = tNew;
    y = out.y1;
    accepted++;
    if (out.err !== undefined) errSum = B.add(errSum, B.nrm2(out.err));
    if (B.cmp(B.amax(y), divergeAbove) > 0) return finish('diverged');
    if (out.f1 !== undefined) fy = out.f1;
    else {
      fy = f(t, y);
      fevals++;
    }
    if (!B.allFinite(fy)) return finish('diverged');
    maxNorm = B.max(maxNorm, B.nrm2(y));
    if (landing) {
      if (sched.save[stopIdx]) record(t, y);
      else if (saveAt.steps) record(t, y);
      stopIdx++;
    } else if (saveAt.steps) record(t, y);
    if (opts.stop?.(t, y, fy)) return finish('stopped');
    h = hNext;
  }
  return finish('ok');
}
