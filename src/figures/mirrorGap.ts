/**
 * The mirror-flow figure (arXiv 2410.03988, as recalled: the L∞ distance between mirror-flow-trained and limit
 * functions against the width, for φ ∈ {x², x² + |x|³, x² + x⁴}; docs/theorems/mirror.md M6–M8). On the linearized
 * shallow relu network (the lazy limit, M6) with the data of the paper's illustration as we set it (5 points, c = 2),
 * at widths n = 4^j, the learned function of mirror descent/flow is the certified oracle (O1)/(O3) (P2.1), and
 * gradient descent's is the minimum-norm one. Left: ‖f^φ_n − f^{GD}_n‖_∞ on a grid of [−1.8, 1.8], the mean over
 * seeds of the features, log-log, unscaled and scaled (x² gives exactly 0, not drawn). Right: the learned functions at
 * the largest width with the (O2) kernel interpolant and the data.
 *
 * Rendered with vega-lite → vega → SVG in Node: `npm run figure:mirror` writes docs/figures/mirror-gap.svg.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import {
  bregmanProjection,
  f64Backend,
  kernelInterpolant,
  makePotential,
  shallowInit,
  shallowLinearized,
  type AnyBackend,
  type Backend,
  type Num,
  type PotentialSpec,
  type Repr,
} from '../index.js';
import * as Q from '../numeric/rational.js';

/** The data (B-setting of the illustration): x, y, and the bias range c. */
export const DATA = {
  x: ['-1.2', '-0.5', '0.1', '0.6', '1.3'],
  y: ['0.5', '-0.3', '0.8', '0.2', '-0.6'],
  c: '2',
} as const;

/** The paper's three potentials (x²/2 and x² have the same oracle). */
export const MIRROR_POTENTIALS: readonly { readonly label: string; readonly spec: PotentialSpec }[] = [
  { label: 'x²', spec: { name: 'squared' } },
  { label: 'x² + |x|³', spec: { name: 'squaredPlusCubic' } },
  { label: 'x² + x⁴', spec: { name: 'squaredPlusQuartic' } },
];

export interface MirrorGapRow {
  readonly width: number;
  readonly potential: string;
  readonly scaled: boolean;
  /** Mean over seeds of ‖f^φ_n − f^{GD}_n‖_∞ on the grid. */
  readonly gap: number;
}

export interface FunctionRow {
  readonly x: number;
  readonly f: number;
  readonly series: string;
}

const GRID: number[] = Array.from({ length: 73 }, (_, i) => -1.8 + (3.6 * i) / 72);

/** Ψ_ik = relu(w_k x_i − b_k)/√n exactly (n = 4^j), as decimal strings (the oracle's exact data). */
function exactFeatures(x: readonly Num[], w: readonly Num[], b: readonly Num[]): Num[][] {
  const root = Q.q(BigInt(Math.round(Math.sqrt(w.length))));
  return x.map((xi) =>
    w.map((wk, k) =>
      Q.toPlainNum(Q.div(Q.max(Q.sub(Q.mul(Q.parseNum(wk), Q.parseNum(xi)), Q.parseNum(b[k]!)), Q.ZERO), root)),
    ),
  );
}

/** The learned functions at width n for one seed on the grid: GD, and each potential unscaled/scaled. */
function learned<R extends Repr>(B: Backend<R>, n: number, seed: number): Map<string, number[]> {
  if (!Number.isInteger(Math.log2(n) / 2)) throw new RangeError(`figure:mirror: width ${n} must be a power of 4`);
  const { w, b } = shallowInit(n, DATA.c, seed);
  const psi = exactFeatures(DATA.x, w, b);
  const model = shallowLinearized(B, { width: n, activation: 'relu', w, b });
  const G = model.features(B.mat(GRID.map((t) => [String(t)])));
  const zero = Array.from({ length: n }, () => '0');
  const out = new Map<string, number[]>();
  for (const { label, spec } of MIRROR_POTENTIALS) {
    for (const scaled of [false, true]) {
      const p: PotentialSpec = scaled ? { ...spec, width: n } : spec;
      const o = bregmanProjection(makePotential(B, p), { X: psi, y: DATA.y, w0: zero });
      if (!o.ok) throw new Error(`figure:mirror: ${label} at width ${n}: ${o.reason}`);
      out.set(
        `${label}${scaled ? ' (scaled)' : ''}`,
        Array.from(B.unpack(B.gemv(G, o.wStar.value)), (v) => B.toNumber(v)),
      );
    }
  }
  return out;
}

const sup = (f: readonly number[], g: readonly number[]) => Math.max(...f.map((v, i) => Math.abs(v - g[i]!)));

/** The gap rows for every width, potential and scaling (means over `seeds` feature seeds), on B (default f64). */
export function mirrorGapData(widths: readonly number[], seeds: number, B0?: AnyBackend): MirrorGapRow[] {
  const B = B0 ?? f64Backend();
  const rows: MirrorGapRow[] = [];
  for (const n of widths) {
    const acc = new Map<string, number>();
    for (let s = 0; s < seeds; s++) {
      const fs = learned(B, n, s + 1);
      const gd = fs.get('x²')!;
      for (const [k, f] of fs) acc.set(k, (acc.get(k) ?? 0) + sup(f, gd) / seeds);
    }
    for (const { label } of MIRROR_POTENTIALS.slice(1))
      for (const scaled of [false, true])
        rows.push({ width: n, potential: label, scaled, gap: acc.get(`${label}${scaled ? ' (scaled)' : ''}`)! });
  }
  return rows;
}

/** The learned functions at width n (seed 1) and the (O2) kernel interpolant, on the grid. */
export function mirrorFunctionData(n: number, B0?: AnyBackend): FunctionRow[] {
  const B = B0 ?? f64Backend();
  const fs = learned(B, n, 1);
  const I = kernelInterpolant(B, 'relu', DATA.c, DATA.x, DATA.y);
  if ('reason' in I) throw new Error(`figure:mirror: ${I.reason}`);
  const rows: FunctionRow[] = [];
  for (const [series, f] of fs) f.forEach((v, i) => rows.push({ x: GRID[i]!, f: v, series }));
  GRID.forEach((t) =>
    rows.push({ x: t, f: B.toNumber(I.evaluate(B.num(String(t))).value), series: 'kernel limit (O2)' }),
  );
  return rows;
}

/** The vega-lite spec: the log-log gaps (left) and the learned functions with the data (right). */
export function mirrorSpec(gaps: readonly MirrorGapRow[], fns: readonly FunctionRow[]): vegaLite.TopLevelSpec {
  const n = Math.max(...gaps.map((g) => g.width));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Mirror descent vs gradient descent on the lazy (linearized) shallow ReLU network',
      subtitle: `‖f^φ_n − f^GD_n‖∞ on [−1.8, 1.8], mean over seeds (x²: exactly 0); right: learned functions at n = ${n}`,
    },
    hconcat: [
      {
        width: 320,
        height: 260,
        data: { values: gaps.map((g) => ({ ...g, series: `${g.potential}${g.scaled ? ' scaled' : ''}` })) },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'width', type: 'quantitative', scale: { type: 'log' }, title: 'width n' },
          y: { field: 'gap', type: 'quantitative', scale: { type: 'log' }, title: '‖f_MD − f_GD‖∞' },
          color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
          strokeDash: { condition: { test: 'datum.scaled', value: [4, 4] }, value: [1, 0] },
        },
      },
      {
        width: 320,
        height: 260,
        layer: [
          {
            data: { values: fns },
            mark: { type: 'line' },
            encoding: {
              x: { field: 'x', type: 'quantitative', title: 'x' },
              y: { field: 'f', type: 'quantitative', title: 'f(x)' },
              color: {
                field: 'series',
                type: 'nominal',
                title: null,
                legend: { orient: 'bottom', direction: 'vertical' },
              },
            },
          },
          {
            data: { values: DATA.x.map((x, i) => ({ x: Number(x), f: Number(DATA.y[i]) })) },
            mark: { type: 'point', filled: true, color: 'black' },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'f', type: 'quantitative' } },
          },
        ],
      },
    ],
  };
}

/** SVG text of the figure (vega-lite compiled to vega, rendered headless). */
export async function mirrorSvg(gaps: readonly MirrorGapRow[], fns: readonly FunctionRow[]): Promise<string> {
  const compiled = vegaLite.compile(mirrorSpec(gaps, fns)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** n = 4³ … 4⁶ with 3 seeds each. */
export const DEFAULT_WIDTHS: number[] = [64, 256, 1024, 4096];

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join('docs', 'figures', 'mirror-gap.svg');
  const gaps = mirrorGapData(DEFAULT_WIDTHS, 3);
  const fns = mirrorFunctionData(DEFAULT_WIDTHS[DEFAULT_WIDTHS.length - 1]!);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, await mirrorSvg(gaps, fns));
  console.log(
    `wrote ${out}: ${gaps.map((g) => `${g.potential}${g.scaled ? ' scaled' : ''} n=${g.width} gap=${g.gap.toPrecision(3)}`).join('; ')}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('mirrorGap.ts')) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(2);
  });
}
