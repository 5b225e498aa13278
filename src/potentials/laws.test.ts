import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend } from '../numeric/f64.js';
import { potentialLaws } from './laws.js';
import { makePotential } from './registry.js';
import { readPotential } from './json.js';

// Every law over every registered potential (unscaled and at widths 1, 4, 16); enclosures on f64 and dd.
describe('the potential law suite', () => {
  for (const law of potentialLaws([f64Backend(), ddBackend()], { numRuns: 20 })) it(law.name, law.run);
});

describe('the potentials against closed forms', () => {
  const B = f64Backend();
  it('(φ′)⁻¹ of x² + x⁴ solves 4t³ + 2t = z (t = 1 at z = 6, t = 1/2 at z = 3/2) and of x² + |x|³ solves 3t² + 2t = |z|', () => {
    const q = makePotential(B, { name: 'squaredPlusQuartic' });
    const got = Array.from(B.toNumbers(q.gradInv(B.vec(['6', '1.5', '-6', '0']))));
    [1, 0.5, -1, 0].forEach((t, i) => expect(Math.abs(got[i]! - t)).toBeLessThanOrEqual(1e-14));
    const c = makePotential(B, { name: 'squaredPlusCubic' });
    const gc = Array.from(B.toNumbers(c.gradInv(B.vec(['5', '-16', '0'])))); // 3·1 + 2 = 5, 3·4 + 4 = 16
    [1, -2, 0].forEach((t, i) => expect(Math.abs(gc[i]! - t)).toBeLessThanOrEqual(1e-15));
  });

  it('Q_α is hypentropy with β = 2α² plus 2α², and φ(0) = φ′(0) = 0', () => {
    const w = makePotential(B, { name: 'woodworth', param: '0.5' });
    const h = makePotential(B, { name: 'hypentropy', param: '0.5' });
    const x = B.vec(['-2', '0', '0.25', '3']);
    expect(Array.from(w.grad(x))).toEqual(Array.from(h.grad(x)));
    const dv = Array.from(B.toNumbers(B.vsub(w.value(x), h.value(x))));
    dv.forEach((d) => expect(Math.abs(d - 0.5)).toBeLessThanOrEqual(1e-14));
    expect(B.at(w.value(B.vec(['0'])), 0)).toBe(0);
  });

  it('the scaled gradient is φ′(√n·x)/√n: x² + |x|³ at width 16, x = 1/4 gives (2 + 3)/4', () => {
    const p = makePotential(B, { name: 'squaredPlusCubic', width: 16 });
    expect(B.at(p.grad(B.vec(['0.25'])), 0)).toBe(1.25);
    expect(B.at(p.hess(B.vec(['0.25'])), 0)).toBe(8); // φ″(1) = 2 + 6
  });
});

describe('potentials in JSON', () => {
  it('reads names, {name: param}, scaled potentials and the old "euclidean"', () => {
    expect(readPotential('euclidean', 'p')).toEqual({ name: 'squared' });
    expect(readPotential({ hypentropy: '0.5' }, 'p')).toEqual({ name: 'hypentropy', param: '0.5' });
    expect(readPotential({ scaled: { pNorm: '3' }, width: 16 }, 'p')).toEqual({ name: 'pNorm', param: '3', width: 16 });
  });

  it.each([
    ['nope', /p: unknown potential "nope"/],
    ['hypentropy', /p: "hypentropy" needs its parameter/],
    [{ pNorm: '1' }, /p\.pNorm: 1 must be > 1/],
    [{ woodworth: '0' }, /p\.woodworth: 0 must be > 0/],
    [{ squared: '1' }, /"squared" has no parameter/],
    [{ scaled: 'squared' }, /p\.width: is required/],
    [{ scaled: 'squared', width: 0 }, /p\.width/],
    [{ scaled: { scaled: 'squared', width: 4 }, width: 4 }, /already scaled/],
  ])('rejects %j with a message naming the field', (x, re) => {
    expect(() => readPotential(x, 'p')).toThrow(re);
  });
});
