import { describe, expect, it } from 'vitest';
import { tradeoffData, tradeoffSvg } from './eosTradeoff.js';

describe('EoS trade-off figure', () => {
  const d = tradeoffData(['0.1', '0.4', '0.7'], { maxSteps: 5000 });

  it('takes the GF limit from the engine gradient flow, matching the closed form √(Q₀² + 4Φ²) = √13', () => {
    // gfLimit at dd with tol 1e-18 puts ‖θ‖² within ~1e-17 of the limit; 1e-12 leaves room for toNumber's rounding
    expect(Math.abs(d.lamGfEngine - Math.sqrt(13))).toBeLessThan(1e-12);
    expect(Math.abs(d.lamGfClosed - Math.sqrt(13))).toBeLessThan(1e-14);
  });

  it('shows GD limits flatter than the GF limit and below the 2/η cap, flatter for larger η', () => {
    const s = d.rows.map((r) => r.sharpness!);
    for (const [i, r] of d.rows.entries()) {
      expect(r.steps).not.toBeNull();
      expect(s[i]!).toBeLessThan(d.lamGfEngine);
      expect(s[i]!).toBeLessThanOrEqual(2 / r.eta + 1e-9);
    }
    expect(s[2]!).toBeLessThan(s[1]!);
    expect(s[1]!).toBeLessThan(s[0]!);
  });

  it('renders an SVG with vega-lite (headless)', async () => {
    const svg = await tradeoffSvg(d);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('step size η');
  });
});
