/**
 * Soft ranks (softRank.ts) on matrices with known singular values: the balls contain the exact values, the flat
 * and rank-1 cases give the rank, and the registered diagnostic reports every matrix block.
 */
import { describe, expect, it } from 'vitest';
import { deepLinear } from '../models/deepLinear.js';
import { square } from '../losses/square.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend, Measured, Repr } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import { DIAGNOSTICS } from './index.js';
import { softRanks } from './softRank.js';

const REF: AnyBackend = decBackend(80);
const q = (p: number, d: number) => REF.div(REF.int(p), REF.int(d));

/** |value − exact| ≤ err, compared on the reference (exact conversion through show). */
function contains(B: AnyBackend, m: Measured<Repr>, exact: unknown, what: string) {
  const d = REF.abs(REF.sub(REF.num(B.show(m.value)), exact));
  expect(REF.cmp(d, REF.num(B.show(m.err))), `${what}: ${B.show(m.value)} ± ${B.show(m.err)}`).toBeLessThanOrEqual(0);
}

describe('softRanks', () => {
  for (const B of [f64Backend(), ddBackend(), decBackend(60)] as AnyBackend[]) {
    it(`diag(2, 1, 0, 0) rotated: sr = 5/4, srank = 25/17, e^{H₁} = 5/4^{4/5}, nuclear = 9/5 (${B.id})`, () => {
      // H = diag(2, 1, 0, 0)·(I − ½·11ᵀ) (an exact orthogonal reflection): singular values 2, 1, 0, 0, dyadic entries
      const H = B.mat([
        ['1', '-1', '-1', '-1'],
        ['-0.5', '0.5', '-0.5', '-0.5'],
        ['0', '0', '0', '0'],
        ['0', '0', '0', '0'],
      ]);
      const s = softRanks(B, H);
      contains(B, s.stable, q(5, 4), 'stable');
      contains(B, s.participation, q(25, 17), 'participation');
      // H₁ = −(0.8 log 0.8 + 0.2 log 0.2) = log 5 − 0.8 log 4
      const h1 = REF.sub(REF.log(REF.int(5)), REF.mul(REF.num('0.8'), REF.log(REF.int(4))));
      contains(B, s.entropy, REF.exp(h1), 'entropy');
      contains(B, s.nuclear, q(9, 5), 'nuclear');
      // the chain, strictly here (distinct singular values)
      const v = [s.stable, s.participation, s.entropy, s.nuclear].map((m) => B.toNumber(m.value));
      for (let i = 0; i + 1 < v.length; i++) expect(v[i]).toBeLessThan(v[i + 1]!);
    });
  }

  it('flat matrices (equal nonzero singular values) give the rank for all four; rank one gives 1', () => {
    const B: AnyBackend = ddBackend();
    const flat = softRanks(
      B,
      B.mat([
        ['0', '3', '0'],
        ['3', '0', '0'],
        ['0', '0', '0'],
      ]),
    );
    for (const m of Object.values(flat)) contains(B, m, REF.int(2), 'flat');
    const one = softRanks(B, B.ger(B.vec(['1', '-2', '0.5']), B.vec(['3', '1'])));
    for (const m of Object.values(one)) contains(B, m, REF.int(1), 'rank one');
  });

  it('throws for the zero matrix (undefined), and the diagnostic lists every matrix block', () => {
    const B: AnyBackend = f64Backend();
    expect(() => softRanks(B, B.mzeros(2, 2))).toThrow(/zero/);
    const F = objective(B, deepLinear(B, { widths: [2, 2, 1] }), square(B), {
      X: B.mat([['1', '0']]),
      y: B.vec(['1']),
    });
    const out = DIAGNOSTICS.softRank.compute({ F, theta: B.vec(['1', '0.5', '-0.25', '1', '2', '1']) });
    expect(Object.keys(out)).toEqual(['W1', 'W2']);
    expect(Object.keys(out.W1!).sort()).toEqual(['entropy', 'nuclear', 'participation', 'stable']);
  });
});
