/**
 * The numeric barrel (index.ts): backend discovery by the `*Backend` naming convention, the re-exports, and MAP_OPS
 * (types.ts) as the list of the MapOp names every backend implements.
 */
import { describe, expect, it } from 'vitest';
import * as numeric from './index.js';
import { backendFactories, MAP_OPS } from './index.js';

describe('backendFactories', () => {
  it('lists exactly the zero-argument *Backend exports, sorted by name, each making a working backend', () => {
    const found = backendFactories();
    const names = found.map((f) => f.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    const ns = numeric as unknown as Record<string, unknown>;
    const want = Object.keys(ns)
      .filter((k) => k.endsWith('Backend') && typeof ns[k] === 'function' && (ns[k] as () => unknown).length === 0)
      .sort();
    expect(names).toEqual(want);
    expect(names).toEqual(expect.arrayContaining(['ddBackend', 'f64Backend']));
    for (const skipped of ['decBackend', 'mpfrBackend', 'initMpfr', 'backendFromId'])
      expect(names).not.toContain(skipped);
    for (const { name, make } of found) {
      expect(make).toBe(ns[name]);
      const B = make();
      expect(B.show(B.add(B.one, B.one))).toBe('2');
    }
  });

  it('re-exports the backends, the registry and the exact I/O helpers', () => {
    expect(numeric.backendFromId('f64').id).toBe('f64');
    expect(numeric.decBackend(20).id).toBe('dec:20');
    expect(numeric.exactDecimal(0.5)).toBe('0.5');
    expect(numeric.isNum('1e-3')).toBe(true);
    expect(() => numeric.checkNum('x', 'spec.eta')).toThrow(/^spec\.eta: "x"/);
  });
});

describe('MAP_OPS', () => {
  it('names the 14 elementwise maps once each, and every backend evaluates each of them', () => {
    expect([...MAP_OPS].sort()).toEqual(
      [
        'abs',
        'exp',
        'expm1',
        'log',
        'log1p',
        'neg',
        'recip',
        'relu',
        'sigmoid',
        'sign',
        'softplus',
        'sqrt',
        'square',
        'step',
      ].sort(),
    );
    const B = numeric.f64Backend();
    for (const op of MAP_OPS) expect(typeof B.fn(op, 0.5)).toBe('number');
  });
});
