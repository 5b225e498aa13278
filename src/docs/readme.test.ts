import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderReadme } from './readme.js';
import { areaOf, benchRatios, benchTable, catalogueTable, parseBench, replaceBetween, type CatalogueRow } from './tables.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README generated tables', () => {
  it('the committed tables are what `npm run docs` generates from the committed docs/data/', () => {
    expect(renderReadme(README, ROOT)).toBe(README);
  });

  it('a hand-edited figure in the catalogue table is caught', () => {
    const edited = README.replace(/(<!-- catalogue:begin -->[\s\S]*?\| )(\d+\.\d) s \|/, (_m, a: string, t: string) => `${a}${(Number(t) + 1).toFixed(1)} s |`);
    expect(edited).not.toBe(README);
    expect(renderReadme(edited, ROOT)).not.toBe(edited);
  });
});

const row = (o: Partial<CatalogueRow> & { id: string }): CatalogueRow => ({
  status: 'theorem', kind: 'upper', citation: 'arXiv:1 Thm 1; arXiv:2 Lemma 3', verdict: 'holds', finding: false, runs: 5,
  minSlack: 0.25, timeMs: 1500, negativeControl: { verdict: 'violated' }, ...o,
});

describe('tables', () => {
  it('catalogue rows sorted by area then id, first reference only, failures counted', () => {
    const t = catalogueTable({
      profile: 'ci',
      results: [
        row({ id: 'b_thm', file: 'properties/zeta/b_thm.theorem.ts', verdict: 'violated' }),
        row({ id: 'a_thm', file: 'properties/zeta/a_thm.theorem.ts', finding: true, verdict: 'violated', status: 'conjecture' }),
        row({ id: 'c_thm', file: 'properties/alpha/c_thm.theorem.ts', minSlack: null }),
        row({ id: 'd_thm', file: 'properties/zeta/d_thm.theorem.ts', tightness: { ratio: 0.1642 } }),
      ],
    });
    const lines = t.split('\n').filter((l) => l.startsWith('| `'));
    expect(lines.map((l) => l.split('|')[1]!.trim())).toEqual(['`c_thm`', '`a_thm`', '`b_thm`', '`d_thm`']);
    expect(lines[0]).toContain('| arXiv:1 Thm 1 |');
    expect(lines[0]).toContain('| — | — | 1.5 s |');
    expect(lines[3]).toContain('| 0.250 | 0.164 | 1.5 s |');
    expect(lines[1]).toContain('violated (finding)');
    expect(t).toContain('4 theorems (profile ci): 3 passed, 1 failed, 1 findings.');
  });

  it('area is the folder under properties/', () => {
    expect(areaOf('properties/eos/x.theorem.ts')).toBe('eos');
    expect(areaOf('/abs/path/properties/maxmargin/y.theorem.ts')).toBe('maxmargin');
    expect(areaOf('/tmp/elsewhere/z.theorem.ts')).toBe('');
    expect(areaOf(undefined)).toBe('');
  });

  it('bench rows and ratios come from the lines', () => {
    const lines = parseBench([
      '{"workload":"W1","backend":"f64","median_ms":2,"min_ms":1.5,"max_ms":3,"runs":21,"steps_per_s":10000,"agree_digits":{"loss":6,"a0":14.6}}',
      'noise',
      '{"workload":"W1","backend":"dd","median_ms":9,"min_ms":8,"max_ms":10,"runs":21,"steps_per_s":2222}',
      '{"workload":"W1","backend":"dec:50","median_ms":1000,"min_ms":900,"max_ms":1100,"runs":5}',
      '{"workload":"W1","backend":"mpfr:50","median_ms":50,"min_ms":40,"max_ms":60,"runs":5,"load1":1.04}',
      '{"workload":"P","backend":"mpfr:50","wall_ms":33412.5,"cpu_ms":33001,"runs":1,"final":{"verdict":"violated","rungs":"a | b"},"load1":0.98}',
    ].join('\n'));
    expect(lines).toHaveLength(5);
    const t = benchTable(lines);
    expect(t).toContain('| W1 | f64 | 2 (1.5–3) | 21 | 10,000 steps/s | loss 6, a0 14.6 | — |');
    expect(t).toContain('| W1 | dec:50 | 1000 (900–1100) | 5 | — | — | — |');
    expect(t).toContain('| W1 | mpfr:50 | 50 (40–60) | 5 | — | — | 1.04 |');
    // a single timed run goes to its own table, with its result fields (pipes escaped)
    expect(t).not.toContain('| P | mpfr:50 | undefined');
    expect(t).toContain('| P | mpfr:50 | 33.4 | 33.0 | 0.98 | verdict: violated; rungs: a \\| b |');
    expect(benchRatios(lines)).toBe('Ratios (medians): W1 dd/f64 4.5×; W1 dec:50/mpfr:50 20.0×.');
  });

  it('jet6/grad at dd appears only when both dd rows exist', () => {
    const jet = '{"workload":"jet6-mlp-8-32-72-4","backend":"dd","median_ms":30,"min_ms":28,"max_ms":33,"runs":21}';
    const grad = '{"workload":"grad-mlp-8-32-72-4","backend":"dd","median_ms":8,"min_ms":7,"max_ms":9,"runs":21}';
    const gradF64 = '{"workload":"grad-mlp-8-32-72-4","backend":"f64","median_ms":1,"min_ms":1,"max_ms":2,"runs":21}';
    expect(benchRatios(parseBench([jet, grad, gradF64].join('\n')))).toBe('Ratios (medians): jet6/grad at dd 3.8×.');
    expect(benchRatios(parseBench([jet, gradF64].join('\n')))).toBe('');
  });

  it('replaceBetween keeps the markers and names a missing block', () => {
    expect(replaceBetween('a\n<!-- x:begin -->\nold\n<!-- x:end -->\nb', 'x', 'new')).toBe('a\n<!-- x:begin -->\nnew\n<!-- x:end -->\nb');
    expect(() => replaceBetween('nothing', 'x', 'new')).toThrow(/no <!-- x:begin -->/);
  });
});
