/**
 * The objective law suite: identities the empirical risk `objective(B, model, square, data)` must satisfy for every
 * registered model (src/models/index.ts `MODELS`; laws.test.ts runs every law × every model × every backend), on the
 * model law suite's exact instances and with its derived tolerances (src/models/laws.ts explains the rounding model:
 * γ_K times the majorant instance, central differences within P·(h² + 3γ_K/h)).
 *
 * These laws live beside the objective, not in models/, so that the dependency runs one way: objective → models.
 */
import { square } from '../losses/square.js';
import type { ModelCase, ModelEntry } from '../models/cases.js';
import {
  centralDiff,
  depthK,
  expectClose,
  expectCloseS,
  fdTol,
  gamma,
  instances,
  thetaPlusU,
  type Inst,
  type ModelLaw,
} from '../models/laws.js';
import type { AnyBackend, Backend, Repr } from '../numeric/types.js';
import { objective } from './objective.js';

/** The square-loss objectives of an instance and of its majorant instance. */
function squareObjectives<R extends Repr>(B: Backend<R>, t: Inst<R>, m: Inst<R>) {
  return {
    F: objective(B, t.model, square(B), { X: t.X, y: t.y }),
    Fm: objective(B, m.model, square(B), { X: m.X, y: m.y }),
  };
}

type Entry = ModelEntry<unknown>;
type Case = ModelCase<unknown>;

export const OBJECTIVE_LAWS: readonly ModelLaw[] = [
  {
    name: 'the square-loss objective: gradient matches central differences of the value',
    cross: false,
    check(entry: Entry, k: Case, B: AnyBackend) {
      const { t, m } = instances(B, entry, k);
      const { F, Fm } = squareObjectives(B, t, m);
      const fd = centralDiff(B, (th) => B.pack([F.value(th)]), t.theta, t.u);
      const P = B.pack([Fm.value(thetaPlusU(B, m))]);
      // value and gradient each compose the model's maps with the loss: twice the model's depth bound
      const K = 2 * depthK(entry, k);
      const { value, grad } = F.valueAndGrad(t.theta);
      expectCloseS(B, 'valueAndGrad().value vs value()', value, F.value(t.theta), B.zero);
      expectClose(B, 'objective gradient vs central difference', B.pack([B.dot(grad, t.u)]), fd, fdTol(B, P, K));
    },
  },
  {
    name: 'the square-loss objective: hessian(θ)·u = hvp(θ, u) and the Hessian is symmetric',
    cross: false,
    check(entry: Entry, k: Case, B: AnyBackend) {
      const { t, m } = instances(B, entry, k);
      const { F, Fm } = squareObjectives(B, t, m);
      const H = F.hessian(t.theta);
      const Hm = Fm.hessian(m.theta);
      const g4 = B.mul(B.int(4), gamma(B, 2 * depthK(entry, k)));
      expectClose(B, 'hessian·u vs hvp', B.gemv(H, t.u), F.hvp(t.theta, t.u), B.scal(g4, Fm.hvp(m.theta, m.u)));
      expectClose(B, 'Hessian symmetry', B.flatten(H), B.flatten(B.transpose(H)), B.scal(g4, B.flatten(Hm)));
    },
  },
];
