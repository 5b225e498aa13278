/**
 * `thm boundary` (real thm processes): a toy bound x·y ≤ 1 mapped over x × y, whose cells must flip from holds to
 * violated exactly across the hyperbola x·y = 1, with the slack (1 − xy)/max(xy, 1); bad arguments exit 2 with one
 * line naming the argument.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandbox } from '../testing/thm.js';
import type { BoundaryMap } from './boundary.js';
import { axisValues, getAt, parseAxisArg, setAt } from './boundary.js';

const box = sandbox('thm-boundary');
afterAll(() => box.cleanup());

const TOY = `
import { claims, defineTheorem, fc } from 'theoremcheck';
const grid = (lo, hi) => fc.integer({ min: lo, max: hi }).map((k) => (k / 100).toFixed(2));
export default defineTheorem({
  id: 'toy_product_le_one',
  title: 'x·y <= 1 on [0, 1]²',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw\`x,y\\in[0,1]\\implies xy\\le 1\`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.record({ p: fc.record({ x: grid(0, 100), y: grid(0, 100) }), n: fc.constant(3) }),
  violations: fc.record({ p: fc.record({ x: grid(101, 200), y: grid(101, 200) }), n: fc.constant(3) }),
  evaluate(B, s) {
    const v = B.mul(B.num(s.p.x), B.num(s.p.y));
    return { claims: [claims.le(B, v, B.one, claims.roundoff(B, 2, v), 'xy<=1')], observed: { xy: B.show(v) } };
  },
});
`;
const toyFile = path.join(box.tmp, 'toy_product_le_one.theorem.ts');
fs.writeFileSync(toyFile, TOY);

describe('boundary grid helpers', () => {
  it('paths read and replace nested fields and array entries without touching the rest', () => {
    const s = { w: ['1', '2'], o: { a: '3' }, y: '4' };
    expect(getAt(s, 'w.1')).toBe('2');
    expect(getAt(s, 'o.a')).toBe('3');
    expect(getAt(s, 'w.2')).toBeUndefined();
    expect(setAt(s, 'w.1', '9')).toEqual({ w: ['1', '9'], o: { a: '3' }, y: '4' });
    expect(s.w[1]).toBe('2');
  });
  it('grid values are exact decimals when the spec holds strings, integers when it holds integers', () => {
    expect(axisValues('x', { path: 'a', range: ['0', '1'] }, { a: '0.5' }, [], 3).values).toEqual(['0', '0.5', '1']);
    expect(axisValues('x', { path: 'a', range: ['0', '1'] }, { a: '0.5' }, [], 4).values).toEqual([
      '0',
      '0.3333333333',
      '0.6666666667',
      '1',
    ]);
    expect(axisValues('x', { path: 'T' }, { T: 3 }, [{ T: 1 }, { T: 7 }], 4).values).toEqual([1, 3, 5, 7]);
    expect(parseAxisArg('w.0=0.5..2', 'y')).toEqual({ path: 'w.0', range: ['0.5', '2'] });
  });
});

describe('thm boundary (real thm processes)', () => {
  it('a 5×5 map of x·y ≤ 1: verdicts flip across x·y = 1, slack (1 − xy)/max(xy, 1); SVG and JSON written', () => {
    const out = path.join(box.tmp, 'maps', 'toy.svg');
    const r = box.thm(
      'boundary',
      toyFile,
      '--x',
      'p.x=0..2',
      '--y',
      'p.y=0..2',
      '--grid',
      '5',
      '--out',
      out,
      '--contour',
      'xy=1',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/toy_product_le_one: 5×5 cells over p\.x × p\.y at dd \(seed -?\d+\) in [\d.]+ s: /);
    const m = JSON.parse(fs.readFileSync(out.replace(/\.svg$/, '.json'), 'utf8')) as BoundaryMap;
    expect(m.x.values).toEqual(['0', '0.5', '1', '1.5', '2']);
    expect(m.cells).toHaveLength(25);
    for (const c of m.cells) {
      const xy = Number(c.x) * Number(c.y);
      expect(c.verdict, `cell ${c.x} × ${c.y}`).toBe(xy > 1 ? 'violated' : 'holds');
      expect(c.minSlack).toBeCloseTo((1 - xy) / Math.max(xy, 1), 14);
      expect(c.above, `cell ${c.x} × ${c.y}`).toBe(xy >= 1); // --contour xy=1: the observed xy compared exactly
      expect(c.observed).toEqual({ xy: expect.stringMatching(/^[\d.e+-]+$/) as string });
    }
    // the other fields come from the first generated instance: n = 3 everywhere
    expect((m.base as { n: number }).n).toBe(3);
    expect(r.out).toContain('17 holds, 8 violated');
    const svg = fs.readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('toy_product_le_one: smallest claim slack over p.x × p.y');
    expect(svg).toContain('outlined: cells where the observed xy ≥ 1');
  });

  it('without a range, the span over hypotheses and violations samples (0 … 2 here); default output under the results root', () => {
    const r = box.thm('boundary', toyFile, '--x', 'p.x', '--y', 'p.y', '--grid', '3', '--profile', 'quick');
    expect(r.code, r.err).toBe(0);
    const m = JSON.parse(
      fs.readFileSync(path.join(box.root, '.tmp', 'thm', 'boundary', 'toy_product_le_one.json'), 'utf8'),
    ) as BoundaryMap;
    expect(m.backend).toBe('f64');
    const xs = m.x.values.map(Number);
    expect(xs[0]).toBeLessThan(0.05);
    expect(xs[2]).toBeGreaterThan(1.95);
    expect(m.cells.find((c) => c.i === 2 && c.j === 2)!.verdict).toBe('violated');
    expect(m.cells.find((c) => c.i === 0 && c.j === 0)!.verdict).toBe('holds');
  });

  it('bad ids, paths and ranges exit 2 with one line naming the argument', () => {
    const cases: [string[], RegExp][] = [
      [['no_such_theorem', '--x', 'a', '--y', 'b'], /^thm boundary: <id>: unknown theorem id "no_such_theorem"/],
      [[toyFile, '--x', 'p.z', '--y', 'p.y'], /^thm boundary: --x: p\.z: no such field in the base instance/],
      [[toyFile, '--x', 'p.x', '--y', 'p'], /^thm boundary: --y: p: is \{.*\}, not a number or a decimal string/],
      [[toyFile, '--x', 'p.x=2..1', '--y', 'p.y'], /^thm boundary: --x: range "2\.\.1" must be two decimals/],
      [[toyFile, '--x', 'p.x'], /^thm boundary: --y: missing/],
      [[toyFile, '--x', 'p.x', '--y', 'n'], /^thm boundary: --y: n: the theorem's samples do not vary it/],
    ];
    for (const [args, re] of cases) {
      const r = box.thm('boundary', ...args);
      expect(r.code, `${args.join(' ')}\n${r.err}`).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(re);
    }
  });
});
