import { describe, expect, it } from 'vitest';
import { mirrorFunctionData, mirrorGapData, mirrorSpec, mirrorSvg } from './mirrorGap.js';

describe('the mirror-flow figure', () => {
  const gaps = mirrorGapData([16, 256], 1);
  const at = (p: string, scaled: boolean, n: number) =>
    gaps.find((g) => g.potential === p && g.scaled === scaled && g.width === n)!.gap;

  it('computes ‖f_MD − f_GD‖∞: the unscaled gap shrinks with the width, the scaled one does not halve', () => {
    expect(gaps).toHaveLength(8);
    for (const p of ['x² + |x|³', 'x² + x⁴']) {
      expect(at(p, false, 256)).toBeLessThan(at(p, false, 16));
      expect(at(p, true, 256)).toBeGreaterThan(at(p, true, 16) / 2);
    }
  });

  it('renders the gaps and the learned functions (with the kernel limit and the data) as one SVG', async () => {
    const fns = mirrorFunctionData(16);
    const series = new Set(fns.map((r) => r.series));
    expect(series).toContain('kernel limit (O2)');
    expect(series).toContain('x² + x⁴ (scaled)');
    const spec = mirrorSpec(gaps, fns) as { hconcat: unknown[] };
    expect(spec.hconcat).toHaveLength(2);
    const svg = await mirrorSvg(gaps, fns);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const s of ['x² + |x|³ scaled', 'kernel limit (O2)', 'width n']) expect(svg).toContain(s);
  });
});
