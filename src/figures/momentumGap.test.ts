import { describe, expect, it } from 'vitest';
import { gapData, gapSpec, gapSvg } from './momentumGap.js';

describe('the momentum weak-gap figure', () => {
  const rows = gapData([5, 6]);
  const at = (a: number, e: number) => rows.find((r) => r.a === a && r.eta === 2 ** -e)!;

  it('computes D(η) per schedule: at fixed β it shrinks at least like √η; at 1 − β = 10η it does not shrink', () => {
    expect(rows).toHaveLength(6);
    // fixed β = ½ (a = 0): the reviewed rate asks for a factor ≤ 2^{−1/2} per halving (docs/theorems/momentum.md M7)
    expect(at(0, 6).gap / at(0, 5).gap).toBeLessThan(Math.SQRT1_2);
    // a = 1: the momentum memory is O(1) in time, the boundary where the gap does not vanish (M7)
    expect(at(1, 6).gap).toBeGreaterThanOrEqual(at(1, 5).gap);
    expect(at(1, 5).beta).toBeCloseTo(1 - 10 / 32, 12);
  });

  it('draws the √η reference with slope ½ through the a = 0 curve and renders an SVG with every series', async () => {
    const spec = gapSpec(rows) as { data: { values: { eta: number; gap: number; series: string }[] } };
    const ref = spec.data.values.filter((v) => v.series === '√η reference slope');
    expect(ref).toHaveLength(2);
    const slope = Math.log(ref[0]!.gap / ref[1]!.gap) / Math.log(ref[0]!.eta / ref[1]!.eta);
    expect(slope).toBeCloseTo(0.5, 12);
    const svg = await gapSvg(rows);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const s of ['1 − β = 0.5·η^0', '1 − β = 1·η^0.5', '1 − β = 10·η^1', '√η reference slope'])
      expect(svg).toContain(s);
  });
});
