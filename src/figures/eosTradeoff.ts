/**
 * The edge-of-stability trade-off figure (Beneventano & Woodworth 2025, arXiv 2501.09137, "Takeaway 1";
 * docs/theorems/eos.md E4–E7): for one fixed depth-2 linear-net instance, GD at step size η, computed at dd, against
 * the gradient-flow limit. Left: steps until |ε| < 1e-20; right: the sharpness of the GD limit, λ_GF and 2/η.
 * Larger steps converge to flatter minima (λ_∞ decreases with η) but converge more slowly near the edge of stability.
 *
 * Rendered with vega-lite → vega → SVG in Node (no browser): `npm run figure:eos` writes docs/figures/eos-tradeoff.svg.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import {
  DIAGNOSTICS,
  ddBackend,
  gd,
  gfLimit,
  linear2,
  linear2Limit,
  objective,
  run,
  square,
  type AnyBackend,
} from '../index.js';

/** The fixed instance: a₀ = (1, 3/4), b₀ = (1, −3/4) (‖a₀ + b₀‖ = 2, ‖a₀ − b₀‖ = 3/2, Q₀ = 3), Φ = 1. */
export const INSTANCE = { a: ['1', '0.75'], b: ['1', '-0.75'], Phi: '1' } as const;

export interface TradeoffRow {
  readonly eta: number;
  /** Steps until |ε_t| < tol, or null when not converged within maxSteps. */
  readonly steps: number | null;
  /** Sharpness λ_max(∇²L) at the last iterate (the GD limit when converged). */
  readonly sharpness: number | null;
}

export interface TradeoffData {
  readonly rows: TradeoffRow[];
  /** λ_GF from the engine's gradient flow (dd) and from the closed form √(Q₀² + 4Φ²). */
  readonly lamGfEngine: number;
  readonly lamGfClosed: number;
}

/** GD for each η (exact decimal strings) at dd; the GF limit from the engine's gradient flow. */
export function tradeoffData(
  etas: readonly string[],
  opts: { maxSteps?: number; tol?: string; B?: AnyBackend } = {},
): TradeoffData {
  const B = opts.B ?? ddBackend();
  const k = INSTANCE.a.length;
  const F = objective(B, linear2(B, { k }), square(B), { X: B.mat([['1']]), y: B.vec([INSTANCE.Phi]) });
  const theta0 = B.concat([B.vec([...INSTANCE.a]), B.vec([...INSTANCE.b])]);
  const Phi = B.num(INSTANCE.Phi);
  const tol = B.num(opts.tol ?? '1e-20');
  const gf = gfLimit(F, theta0, { rtol: '1e-16', atol: '1e-16', tol: '1e-18' });
  if (gf.result !== 'ok') throw new Error(`tradeoffData: gradient flow did not converge (${gf.message})`);
  const closed = linear2Limit(B, B.vec([...INSTANCE.a]), B.vec([...INSTANCE.b]), Phi);
  const rows = etas.map((eta): TradeoffRow => {
    const sol = run(F, gd(B, { lr: B.num(eta) }), theta0, {
      steps: opts.maxSteps ?? 20_000,
      stop: (_F, th) =>
        B.cmp(B.abs(B.sub(B.dot(B.slice(th, 0, k), B.slice(th, k, 2 * k)), Phi)), tol) <= 0 ? 'converged' : undefined,
    });
    if (sol.result === 'diverged') return { eta: Number(eta), steps: null, sharpness: null };
    const S = DIAGNOSTICS.sharpness.compute({ F, theta: sol.theta }) as { value: unknown };
    return { eta: Number(eta), steps: sol.result === 'stopped' ? sol.steps : null, sharpness: B.toNumber(S.value) };
  });
  return { rows, lamGfEngine: B.toNumber(B.dot(gf.theta, gf.theta)), lamGfClosed: B.toNumber(closed.sharpness) };
}

/** The vega-lite spec of the two panels. */
export function tradeoffSpec(d: TradeoffData): vegaLite.TopLevelSpec {
  const conv = d.rows.filter((r) => r.steps !== null);
  const sharp = [
    ...conv.map((r) => ({ eta: r.eta, value: r.sharpness, series: 'GD limit λ∞ (dd)' })),
    ...d.rows.map((r) => ({ eta: r.eta, value: d.lamGfEngine, series: 'GF limit λ_GF (engine gradient flow)' })),
    ...d.rows
      .filter((r) => 2 / r.eta <= 1.6 * d.lamGfEngine)
      .map((r) => ({ eta: r.eta, value: 2 / r.eta, series: '2/η (linear stability cap)' })),
  ];
  const x = { field: 'eta', type: 'quantitative', title: 'step size η' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'GD on ½(aᵀb − Φ)²: larger steps reach flatter minima, slower near the edge of stability',
      subtitle: `a₀ = (1, 3/4), b₀ = (1, −3/4), Φ = 1; λ_GF = √(Q₀² + 4Φ²) = ${d.lamGfClosed.toFixed(6)} (closed form) = ${d.lamGfEngine.toFixed(6)} (gradient flow)`,
    },
    hconcat: [
      {
        width: 360,
        height: 260,
        data: { values: conv.map((r) => ({ eta: r.eta, steps: r.steps })) },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'steps', type: 'quantitative', scale: { type: 'log' }, title: 'GD steps until |ε| < 1e-20' },
        },
      },
      {
        width: 360,
        height: 260,
        data: { values: sharp },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: 'sharpness of the limit' },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            legend: { orient: 'bottom', direction: 'vertical', labelLimit: 480 },
          },
        },
      },
    ],
  };
}

/** SVG text of the figure (vega-lite compiled to vega, rendered headless). */
export async function tradeoffSvg(d: TradeoffData): Promise<string> {
  const compiled = vegaLite.compile(tradeoffSpec(d)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** η on a grid in (0, 0.96/Φ]: k/50 for k = 1 … 48 (exact decimals). */
export const DEFAULT_ETAS: string[] = Array.from({ length: 48 }, (_, i) => String((i + 1) / 50));

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join('docs', 'figures', 'eos-tradeoff.svg');
  const d = tradeoffData(DEFAULT_ETAS);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, await tradeoffSvg(d));
  const conv = d.rows.filter((r) => r.steps !== null).length;
  console.log(`wrote ${out}: ${d.rows.length} step sizes (${conv} converged), λ_GF = ${d.lamGfClosed}`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('eosTradeoff.ts')) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(2);
  });
}
