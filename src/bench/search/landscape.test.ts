import { describe, expect, it } from 'vitest';
import type { AnyTheorem } from '../../theorem/define.js';
import { landscape } from './landscape.js';
import { horizonOffByOne } from './planted.js';

describe('search landscape printout', () => {
  it('lists the warm-up samples and, along the full-range λ draw, a unimodal score that fails near λ = 1/(2T + 1)', () => {
    const out = landscape(horizonOffByOne as AnyTheorem, 1, 8, 3);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'planted_horizon_off_by_one, seed 1: the 8 warm-up samples (score, then draws as value[range])',
    );
    expect(lines.slice(1, 9).every((l) => /^\s+-?\d+\.\d{3}\s+\{"lam":"[\d.]+","T":\d+\}\s+/.test(l))).toBe(true);
    // a block per shown seed, each draw with its range and bits
    expect(lines.filter((l) => l.startsWith('score ')).length).toBe(3);
    const draw = lines.findIndex((l) => l.includes('draw 1 [1, 1000000]'));
    expect(draw).toBeGreaterThan(0);
    // along that draw T is fixed; the exact worst case λ(1 − λ)^{2T} peaks at λ = 1/(2T + 1), where the off-by-one
    // bound fails: the score falls, goes below 0 at the printed position nearest the peak, and rises again
    const pts = lines.slice(draw + 1, draw + 13).map((l) => {
      const m = /^\s+([\d.]+): \{"lam":"([\d.]+)","T":(\d+)\} = (-?[\d.]+)$/.exec(l)!;
      return { lam: Number(m[2]), T: Number(m[3]), score: Number(m[4]) };
    });
    const T = pts[0]!.T;
    expect(pts.every((p) => p.T === T)).toBe(true);
    const lowest = pts.reduce((a, b) => (b.score < a.score ? b : a));
    expect(lowest.score).toBeLessThan(0);
    expect(Math.abs(lowest.lam - 1 / (2 * T + 1))).toBeLessThan(0.01);
    const k = pts.indexOf(lowest);
    for (let i = 1; i <= k; i++) expect(pts[i]!.score).toBeLessThan(pts[i - 1]!.score);
    for (let i = k + 1; i < pts.length; i++) expect(pts[i]!.score).toBeGreaterThan(pts[i - 1]!.score);
  });
});
