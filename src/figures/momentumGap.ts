/**
 * The momentum weak-gap figure (arXiv 2307.15196; docs/theorems/momentum.md M7): on ½hx² with N(0, σ²) gradient
 * noise (h = 1, σ² = 1, x₀ = 1, T = 2), the exact weak gap D(η) = max_{k ≤ T/η}|E x_k²(SGDM) − E x_k²(SGD)| of
 * heavy-ball SGDM at γ = η(1 − β) against SGD at η, for 1 − β = c·η^a, a ∈ {0, ½, 1}, on a log-log plot with the √η
 * slope of the reviewed rate for reference. Moments are exact (src/moments, dd); no sampling.
 *
 * Rendered with vega-lite → vega → SVG in Node: `npm run figure:momentum` writes docs/figures/momentum-gap.svg.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { ddBackend, marginal, pointMass, propagate, sgdmSystem, sgdSystem, type AnyBackend } from '../index.js';

/** The schedules 1 − β = c·η^a drawn (c chosen so that β ∈ [½, 1) on the ladder). */
export const SCHEDULES = [
  { a: 0, c: 0.5 },
  { a: 0.5, c: 1 },
  { a: 1, c: 10 },
] as const;

export interface GapRow {
  readonly a: number;
  readonly eta: number;
  readonly beta: number;
  readonly gap: number;
}

/** D(η) for every schedule and η = 2^{−e}, e ∈ exponents (h = 1, σ² = 1, x₀ = 1, T = 2), at backend B (default dd). */
export function gapData(exponents: readonly number[], B0?: AnyBackend): GapRow[] {
  const B = B0 ?? ddBackend();
  const q = { H: B.mat([['1']]), Sigma: B.mat([['1']]), xStar: B.vec(['0']) };
  const rows: GapRow[] = [];
  for (const { a, c } of SCHEDULES) {
    for (const e of exponents) {
      const eta = B.num(String(2 ** -e));
      const oneMinus = B.mul(B.fromDouble(c), B.exp(B.mul(B.fromDouble(a), B.log(eta))));
      const beta = B.sub(B.one, oneMinus);
      const steps = 2 * 2 ** e;
      const sgd = sgdSystem(B, q, eta);
      const sgdm = sgdmSystem(B, q, B.mul(eta, oneMinus), beta);
      const p1 = propagate(B, sgd, pointMass(B, sgd, B.vec(['1'])), steps).points;
      const p2 = propagate(B, sgdm, pointMass(B, sgdm, B.vec(['1'])), steps).points;
      let gap = 0;
      p1.forEach((pt, k) => {
        const x1 = pt.moments;
        const x2 = marginal(B, p2[k]!.moments, 1);
        const ex = (m: typeof x1) => B.add(B.mul(B.at(m.mean, 0), B.at(m.mean, 0)), B.mget(m.cov, 0, 0));
        gap = Math.max(gap, Math.abs(B.toNumber(B.sub(ex(x2), ex(x1)))));
      });
      rows.push({ a, eta: 2 ** -e, beta: B.toNumber(beta), gap });
    }
  }
  return rows;
}

/** The vega-lite spec: D(η) per schedule and the √η reference through the a = 0 curve's largest η. */
export function gapSpec(rows: readonly GapRow[]): vegaLite.TopLevelSpec {
  const base = rows.filter((r) => r.a === 0).sort((x, y) => y.eta - x.eta)[0]!;
  const label = (a: number) => `1 − β = ${SCHEDULES.find((s) => s.a === a)!.c}·η^${a}`;
  const values = [
    ...rows.map((r) => ({ eta: r.eta, gap: r.gap, series: label(r.a) })),
    ...rows
      .filter((r) => r.a === 0)
      .map((r) => ({ eta: r.eta, gap: base.gap * Math.sqrt(r.eta / base.eta), series: '√η reference slope' })),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Weak gap between SGDM (γ = η(1 − β)) and SGD (η) on ½x² with N(0, 1) noise',
      subtitle: 'D(η) = max_{k ≤ 2/η} |E x_k²(SGDM) − E x_k²(SGD)|, exact moments at dd, x₀ = 1',
    },
    width: 420,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'eta', type: 'quantitative', scale: { type: 'log' }, title: 'learning rate η' },
      y: { field: 'gap', type: 'quantitative', scale: { type: 'log' }, title: 'D(η)' },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
      strokeDash: {
        condition: { test: "datum.series === '√η reference slope'", value: [4, 4] },
        value: [1, 0],
      },
    },
  };
}

/** SVG text of the figure (vega-lite compiled to vega, rendered headless). */
export async function gapSvg(rows: readonly GapRow[]): Promise<string> {
  const compiled = vegaLite.compile(gapSpec(rows)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** η = 2⁻⁵ … 2⁻⁹ (the ladder of the README's finding). */
export const DEFAULT_EXPONENTS: number[] = [5, 6, 7, 8, 9];

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join('docs', 'figures', 'momentum-gap.svg');
  const rows = gapData(DEFAULT_EXPONENTS);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, await gapSvg(rows));
  console.log(`wrote ${out}: ${rows.map((r) => `a=${r.a} η=${r.eta} D=${r.gap.toPrecision(4)}`).join('; ')}`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('momentumGap.ts')) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(2);
  });
}
