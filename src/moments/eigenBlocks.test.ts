import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { eigenPointMass, eigenPropagate } from './eigenBlocks.js';
import { pointMass, propagate, sgdmSystem } from './linearGaussian.js';

const B = decBackend(50) as unknown as Backend<Opaque>;

describe('SGDM moments in the eigenbasis (2 × 2 blocks)', () => {
  const h = ['0.5', '1', '2'];
  const s2 = ['1', '0.25', '3'];
  const xStar = ['1', '-2', '0.5'];
  const x0 = B.vec(['0.25', '1', '-1']);
  const lr = B.num('0.125');
  const beta = B.num('0.75');
  const diag = (v: string[]) => B.mat(v.map((x, i) => v.map((_, j) => (i === j ? x : '0'))));
  const K = 20;
  const b = B.vmul(B.vec(h), B.vec(xStar));
  const dense = propagate(
    B,
    sgdmSystem(B, { H: diag(h), Sigma: diag(s2), xStar: B.vec(xStar) }, lr, beta),
    pointMass(B, sgdmSystem(B, { H: diag(h), Sigma: diag(s2), xStar: B.vec(xStar) }, lr, beta), x0),
    K,
  ).last.moments;
  const blocks = eigenPropagate(B, { h: B.vec(h), sigma2: B.vec(s2), b, lr, beta }, eigenPointMass(B, x0), K);

  // the two recursions are the same algebra in another order: at 50 digits on entries of size ≤ 10³ after 20 steps
  // they agree far below 1e-35 (a wrong coefficient moves an entry by ≥ 1e-3)
  const close = (x: ReturnType<typeof B.num>, y: ReturnType<typeof B.num>) =>
    expect(B.toNumber(B.abs(B.sub(x, y)))).toBeLessThan(1e-35);

  it('equals the dense 2d × 2d recursion of sgdmSystem (mean and every covariance entry) at dec:50', () => {
    const d = h.length;
    for (let i = 0; i < d; i++) {
      close(B.at(blocks.mx, i), B.at(dense.mean, i));
      close(B.at(blocks.mm, i), B.at(dense.mean, d + i));
      for (let j = 0; j < 2 * d; j++) {
        const want = (a: number) =>
          j === i ? [blocks.pxx, blocks.pxm][a]! : j === d + i ? [blocks.pxm, blocks.pmm][a]! : null;
        for (const [row, a] of [
          [i, 0],
          [d + i, 1],
        ] as const) {
          const w = want(a);
          close(w === null ? B.zero : B.at(w, i), B.mget(dense.cov, row, j));
        }
      }
    }
    expect(B.toNumber(B.at(blocks.pxx, 2))).toBeGreaterThan(1e-3); // noise has entered
  });

  it('the comparison can fail: blocks at β = 0.7 instead of 0.75 differ from the dense recursion by > 1e-3', () => {
    const off = eigenPropagate(
      B,
      { h: B.vec(h), sigma2: B.vec(s2), b, lr, beta: B.num('0.7') },
      eigenPointMass(B, x0),
      K,
    );
    expect(B.toNumber(B.abs(B.sub(B.at(off.pxx, 2), B.mget(dense.cov, 2, 2))))).toBeGreaterThan(1e-3);
  });
});
