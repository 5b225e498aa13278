/**
 * mirrorDescent beyond its update equation (steppers.test.ts): what it reports, with a registry potential and with a
 * user's separable potential (whose params, when omitted, are none).
 */
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { V } from '../numeric/types.js';
import { hypentropy, mirrorDescent, separablePotential } from './mirrorDescent.js';

const B = f64Backend();
const identity = { dphi: (x: V<F64>) => x, dphiInv: (z: V<F64>) => z };

describe('mirrorDescent reports', () => {
  it('its name, η, the potential and the potential’s own parameters', () => {
    const s = mirrorDescent(B, { lr: B.num('0.25'), potential: hypentropy(B, B.num('0.5')) });
    expect(s.name).toBe('mirrorDescent');
    expect(s.params).toEqual({ lr: '0.25', potential: 'hypentropy', beta: '0.5' });
  });

  it('a user potential keeps the params it is given, and has none when it gives none', () => {
    const withParams = separablePotential<F64>({ name: 'mine', params: { scale: '2' }, ...identity });
    expect(withParams.params).toEqual({ scale: '2' });
    expect(mirrorDescent(B, { lr: B.num('0.25'), potential: withParams }).params).toEqual({
      lr: '0.25',
      potential: 'mine',
      scale: '2',
    });
    expect(separablePotential<F64>({ name: 'plain', ...identity }).params).toEqual({});
  });
});
