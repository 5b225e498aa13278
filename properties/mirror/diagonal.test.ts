import { describe, expect, it } from 'vitest';
import { ddBackend, type Backend, type Opaque } from '../../src/index.js';
import { judge } from '../../src/theorem/claims.js';
import { diagonalClaims, type DiagSpec } from './diagonal.lib.js';

// P5.4 (docs/theorems/mirror.md M5, boundary): discrete GD on the diagonal network misses the Q_α oracle, by more the
// larger the step. Two fixed instances, η = η₀, 2η₀, 4η₀: the miss (max_j |w_j − w*_j|) is certified (larger than
// the bars of both enclosures) and strictly increasing in η.
describe('diagonal network: the miss of discrete GD grows with η', () => {
  // the theorem libraries take the opaque backend of `evaluate`; dd is one
  const B = ddBackend() as unknown as Backend<Opaque>;
  const instances: { base: DiagSpec; eta0: number }[] = [
    {
      base: { X: [['1', '0.5', '-0.75']], A: [['0.5', '-0.75']], y: ['0.625'], alpha: '0.5' },
      eta0: 1 / 64,
    },
    {
      base: {
        X: [
          ['1', '0', '0.25'],
          ['0.25', '1', '-0.5'],
        ],
        A: [['0.25'], ['-0.5625']],
        y: ['0.75', '-0.375'],
        alpha: '0.375',
      },
      eta0: 1 / 64,
    },
  ];
  it.each(instances)('%#: miss(η₀) < miss(2η₀) < miss(4η₀), each certified', ({ base, eta0 }) => {
    const misses = [1, 2, 4].map((k) => {
      const ev = diagonalClaims(B, { ...base, gdLr: String(eta0 * k) });
      expect(ev.inconclusive).toBeUndefined();
      const bars = Number(ev.observed!.theta_err) + Number(ev.observed!.oracle_radius);
      const miss = Number(ev.observed!.w_minus_oracle);
      expect(miss).toBeGreaterThan(1e6 * bars);
      return miss;
    });
    expect(misses[1]!).toBeGreaterThan(misses[0]!);
    expect(misses[2]!).toBeGreaterThan(misses[1]!);
  });

  it('gradient flow (no step) meets the oracle within its bars on the same instances; GD violates the claims', () => {
    for (const { base, eta0 } of instances) {
      const flow = diagonalClaims(B, base);
      expect(flow.inconclusive).toBeUndefined();
      expect(flow.claims.map((c) => judge(c).status).filter((st) => st === 'violated')).toEqual([]);
      const gd = diagonalClaims(B, { ...base, gdLr: String(eta0) });
      expect(gd.claims.some((c) => judge(c).status === 'violated')).toBe(true);
    }
  });
});
