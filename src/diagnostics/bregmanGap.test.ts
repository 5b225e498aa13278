import { describe, expect, it } from 'vitest';
import { gd } from '../dynamics/gd.js';
import { run } from '../dynamics/run.js';
import { square } from '../losses/square.js';
import { deepLinear } from '../models/deepLinear.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend } from '../numeric/f64.js';
import { objective } from '../objective/objective.js';
import { makePotential } from '../potentials/registry.js';
import { bregmanProjection } from '../potentials/bregman.js';
import { DIAGNOSTICS, diagnosticHooks, diagnosticToJson } from './index.js';

describe('bregmanGap', () => {
  const B = f64Backend();
  const F = objective(B, linearClassifier(B, { d: 2 }), square(B), {
    X: B.mat([['1', '1']]),
    y: B.vec(['1']),
  });

  it('is max_j |θ_j − w*_j| with the oracle radius in its bar, and contains the exact distance', () => {
    // w* ∈ (0.5 ± 0.25, 0.5 ± 0): |θ − w*| = (|2 − w*_0|, 1) ∈ (1.25…1.75, 1): the max is 1.5 ± 0.25
    const oracle = { value: B.vec(['0.5', '0.5']), err: B.vec(['0.25', '0']) };
    const g = DIAGNOSTICS.bregmanGap.compute({ F, theta: B.vec(['2', '-0.5']), oracle });
    expect(B.show(g.value)).toBe('1.5');
    expect(B.toNumber(g.err)).toBeGreaterThanOrEqual(0.25);
    expect(B.toNumber(g.err)).toBeLessThan(0.25 + 1e-14);
  });

  it('needs ctx.oracle of dim θ, and applies to models linear in θ only', () => {
    expect(() => DIAGNOSTICS.bregmanGap.compute({ F, theta: B.vec(['1', '1']) })).toThrow(/ctx\.oracle/);
    const short = { value: B.vec(['1']), err: B.vec(['0']) };
    expect(() => DIAGNOSTICS.bregmanGap.compute({ F, theta: B.vec(['1', '1']), oracle: short })).toThrow(
      /1 entries, expected 2/,
    );
    expect(DIAGNOSTICS.bregmanGap.applies(F)).toBe(true);
    const deep = objective(B, deepLinear(B, { widths: [2, 2, 1] }), square(B), {
      X: B.mat([['1', '1']]),
      y: B.vec(['1']),
    });
    expect(DIAGNOSTICS.bregmanGap.applies(deep)).toBe(false);
  });

  it('through run hooks: gradient descent from 0 approaches the squared-potential oracle (min-norm solution)', () => {
    const D = ddBackend();
    const X = [
      ['1', '0.5', '-0.25'],
      ['0.25', '-1', '0.5'],
    ];
    const y = ['0.5', '-0.25'];
    const G = objective(
      D,
      linearClassifier(D, { d: 3 }),
      square(D),
      { X: D.mat(X), y: D.vec(y) },
      { reduction: 'sum' },
    );
    const o = bregmanProjection(makePotential(D, { name: 'squared' }), { X, y, w0: ['0', '0', '0'] });
    if (!o.ok) throw new Error(o.reason);
    const out = run(G, gd(D, { lr: D.num('0.25') }), D.zeros(3), {
      steps: 400,
      save: { every: 400 },
      diagnostics: diagnosticHooks(['bregmanGap'], { oracle: o.wStar }),
    });
    const gaps = out.trajectory.map((p) => diagnosticToJson(D, p.bregmanGap!) as { value: string; err: string });
    expect(Number(gaps[0]!.value)).toBeGreaterThan(0.1);
    expect(Number(gaps.at(-1)!.value)).toBeLessThan(1e-25);
    expect(Number(gaps.at(-1)!.err)).toBeLessThan(1e-25);
  });
});
