import { describe, expect, it } from 'vitest';
import { ballArith, type Ball } from '../ball/ball.js';
import { sgdIndexed, type SgdIndexedState } from '../dynamics/sgdIndexed.js';
import { run } from '../dynamics/run.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { EXPECTATION_CAP, exactExpectation, plainField, sgdExactExpectation } from './expectation.js';
import { finiteSum } from './finiteSum.js';
import { FINITE_SUMS } from './index.js';

const ex1 = FINITE_SUMS.islamovEx1.components;
const x0 = ['1.5', '-0.75'];
const lr = '0.375';

/** E[f(x_k)] by enumeration with the sgdIndexed stepper itself (each child = one step with index i appended). */
function viaStepper(B: Backend<Opaque>, K: number) {
  const F = finiteSum(B, ex1);
  const st = sgdIndexed(B, { lr: B.num(lr), indices: [] });
  const root = st.init(F, B.vec(x0));
  return exactExpectation(
    plainField(B),
    2,
    K,
    root,
    (s: SgdIndexedState<Opaque>, i, k) => st.step(F, { ...s, indices: [...s.indices, i] }, k),
    (s) => F.value(s.theta),
  );
}

/** True when |ball.value − ref| ≤ ball.err + slack (ref from dec:60, exact to ~1e-55). */
function contains(B: Backend<Opaque>, b: Ball<Opaque>, ref: string, slack = '1e-50'): boolean {
  const d = B.abs(B.sub(b.value, B.num(ref)));
  return B.cmp(d, B.add(b.err, B.num(slack))) <= 0;
}

describe('exact expectation over index paths', () => {
  it('K = 3 on Example 1: the ball enumeration contains the dec:60 enumeration through the sgdIndexed stepper and the explicit mean over all 8 paths', () => {
    const R = decBackend(60) as unknown as Backend<Opaque>;
    const ref = viaStepper(R, 3).map((x) => R.show(x));
    // independently: run() with each explicit path, then the plain mean over the 8 paths
    const F = finiteSum(R, ex1);
    let s3 = R.zero;
    for (let p = 0; p < 8; p++) {
      const path = [(p >> 2) & 1, (p >> 1) & 1, p & 1];
      const out = run(F, sgdIndexed(R, { lr: R.num(lr), indices: path }), R.vec(x0), { steps: 3 });
      s3 = R.add(s3, F.value(out.theta));
    }
    expect(R.show(R.div(s3, R.int(8))).slice(0, 50)).toBe(ref[3]!.slice(0, 50));
    for (const B of [f64Backend(), ddBackend()] as unknown as Backend<Opaque>[]) {
      const K = ballArith(B);
      const F2 = finiteSum(B, ex1);
      const got = sgdExactExpectation(B, ex1, { lr: K.num(lr), x0: x0.map((v) => K.num(v)), steps: 3 }, (x) =>
        K.div(K.add(ex1[0]!.value(K, x), ex1[1]!.value(K, x)), K.int(2)),
      );
      expect(got.length).toBe(4);
      got.forEach((b, k) =>
        expect(contains(B, b, ref[k]!), `${B.id} k = ${k}: ${B.show(b.value)} ± ${B.show(b.err)} vs ${ref[k]}`).toBe(
          true,
        ),
      );
      expect(B.toNumber(got[0]!.value)).toBeCloseTo(B.toNumber(F2.value(B.vec(x0))), 12);
      // the bar is a rounding bar: tiny against the values
      expect(B.toNumber(got[3]!.err)).toBeLessThan(B.id === 'f64' ? 1e-12 : 1e-28);
    }
  });

  it('K = 1 is the conditional expectation E_i[f(x − γ∇f_i(x)) | x]', () => {
    const B = ddBackend() as unknown as Backend<Opaque>;
    const K = ballArith(B);
    const x = x0.map((v) => K.num(v));
    const f = (y: readonly Ball<Opaque>[]) => K.div(K.add(ex1[0]!.value(K, y), ex1[1]!.value(K, y)), K.int(2));
    const [, e1] = sgdExactExpectation(B, ex1, { lr: K.num(lr), x0: x, steps: 1 }, f);
    const direct = [0, 1].map((i) => f(x.map((xj, j) => K.sub(xj, K.mul(K.num(lr), ex1[i]!.grad(K, x)[j]!)))));
    const mean = K.div(K.add(direct[0]!, direct[1]!), K.int(2));
    expect(B.cmp(B.abs(B.sub(e1!.value, mean.value)), B.add(e1!.err, mean.err)) <= 0).toBe(true);
  });

  it('a wrong statistic is caught: E[f(x_2)] is not E[f(x_1)]', () => {
    const R = decBackend(60) as unknown as Backend<Opaque>;
    const ref = viaStepper(R, 2).map((x) => R.show(x));
    const B = ddBackend() as unknown as Backend<Opaque>;
    const K = ballArith(B);
    const got = sgdExactExpectation(B, ex1, { lr: K.num(lr), x0: x0.map((v) => K.num(v)), steps: 2 }, (x) =>
      K.div(K.add(ex1[0]!.value(K, x), ex1[1]!.value(K, x)), K.int(2)),
    );
    expect(contains(B, got[1]!, ref[2]!)).toBe(false);
  });

  it('refuses a tree above the cap with one line naming n, K and the cap', () => {
    const A = plainField(f64Backend());
    const msg = (() => {
      try {
        exactExpectation(
          A,
          3,
          20,
          0,
          () => 0,
          () => A.int(0),
        );
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(msg).toMatch(/n = 3, K = 20 .* cap of 4194304/);
    expect(msg).not.toContain('\n');
    expect(EXPECTATION_CAP).toBe(4194304);
    // n = 2, K = 21: 2^22 − 1 nodes, just under the cap
    expect(() =>
      exactExpectation(
        A,
        2,
        21,
        0,
        () => 0,
        () => A.int(0),
      ),
    ).not.toThrow();
  });
});
