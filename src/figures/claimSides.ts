/**
 * The two sides of a counterexample's claims along its trajectory, for `thm report --html`.
 *
 * The series are the claims the referee judged at its highest precision, as stored with the counterexample (so the
 * plot shows exactly the evidence of the verdict, and nothing is re-run). Theorems that check a claim at several
 * steps label it `name@k`: those claims, ordered by k, are the claim along the trajectory; a theorem that checks its
 * claim once has one point per side. Values are drawn as doubles (a drawing needs no more); the exact decimals are in
 * the report's claim table.
 */
import type * as vegaLite from 'vega-lite';
import { judge } from '../theorem/claims.js';
import type { Claim } from '../theorem/types.js';
import { renderSvg } from './render.js';

export interface SidePoint {
  /** The claim's name: its label without the `@k` suffix. */
  readonly claim: string;
  readonly side: 'lhs' | 'rhs';
  readonly x: number;
  readonly value: number;
  /** The claim is certified violated at the stored precision (judged exactly, lhs − rhs against its error bar). */
  readonly violated: boolean;
}

export interface ClaimSeries {
  readonly points: readonly SidePoint[];
  /** True when x is the step k of labels `name@k`; false when x is the claim's position among claims of its name. */
  readonly stepped: boolean;
  /** Claims with a side that is not a finite double (not drawn). */
  readonly dropped: number;
  /** Claims left out of the drawing because a name had more than MAX_POINTS claims (violated ones are always kept). */
  readonly thinned: number;
}

/** More points than this per claim name are thinned for the drawing (evenly, keeping violated claims). */
export const MAX_POINTS = 400;

const STEP = /@[^@]*?(-?\d+(?:\.\d+)?)$/;

function split(label: string): { name: string; step: number | undefined } {
  const at = label.lastIndexOf('@');
  if (at <= 0) return { name: label, step: undefined };
  const m = STEP.exec(label.slice(at));
  return { name: label.slice(0, at), step: m === null ? undefined : Number(m[1]) };
}

/** Keep at most `max` evenly spaced indices of 0..n−1, plus every index in `keep`. */
function thin(n: number, max: number, keep: ReadonlySet<number>): Set<number> {
  if (n <= max) return new Set(Array.from({ length: n }, (_, i) => i));
  const out = new Set(keep);
  for (let j = 0; j < max; j++) out.add(Math.round((j * (n - 1)) / (max - 1)));
  return out;
}

/** The points to draw: per claim its lhs and rhs, at x = k of `name@k` when every label has one, else its position. */
export function claimSeries(claims: readonly Claim[], maxPoints: number = MAX_POINTS): ClaimSeries {
  const parsed = claims.map((c) => ({ c, ...split(c.label), violated: judge(c).status === 'violated' }));
  const stepped = parsed.length > 0 && parsed.every((p) => p.step !== undefined);
  const byName = new Map<string, typeof parsed>();
  for (const p of parsed) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const points: SidePoint[] = [];
  let dropped = 0;
  let thinned = 0;
  for (const [name, group] of byName) {
    const kept = thin(group.length, maxPoints, new Set(group.flatMap((p, i) => (p.violated ? [i] : []))));
    thinned += group.length - kept.size;
    group.forEach((p, i) => {
      if (!kept.has(i)) return;
      const lhs = Number(p.c.lhs);
      const rhs = Number(p.c.rhs);
      if (!Number.isFinite(lhs) || !Number.isFinite(rhs)) {
        dropped++;
        return;
      }
      const x = stepped ? p.step! : i;
      points.push({ claim: name, side: 'lhs', x, value: lhs, violated: p.violated });
      points.push({ claim: name, side: 'rhs', x, value: rhs, violated: p.violated });
    });
  }
  return { points, stepped, dropped, thinned };
}

/** Log scale when every value is positive and they span three decades or more. */
function logScale(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => v <= 0)) return false;
  return Math.max(...values) / Math.min(...values) >= 1e3;
}

/** The vega-lite spec: one line per claim name and side; certified violations ringed in red. */
export function claimSidesSpec(s: ClaimSeries, title: string): vegaLite.TopLevelSpec {
  const values = s.points.map((p) => ({ ...p, series: `${p.claim}: ${p.side}` }));
  const log = logScale(s.points.map((p) => p.value));
  const whole = s.points.every((p) => Number.isInteger(p.x));
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: s.stepped ? 'k (claim label name@k)' : 'claim (in the order evaluated)',
    scale: { zero: false },
    axis: whole ? { tickMinStep: 1, format: 'd' } : {},
  };
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: log ? 'value (log scale)' : 'value',
    scale: log ? { type: 'log' as const } : { zero: false },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: title,
      subtitle: 'both sides of each claim (solid: lhs, dashed: rhs); red rings: certified violated',
    },
    width: 460,
    height: 220,
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: { filled: true, size: 30 } },
        encoding: {
          x,
          y,
          color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
          strokeDash: { field: 'side', type: 'nominal', legend: null, scale: { domain: ['lhs', 'rhs'] } },
        },
      },
      {
        transform: [{ filter: 'datum.violated' }],
        mark: { type: 'point', shape: 'circle', size: 170, filled: false, color: '#d62728', strokeWidth: 2 },
        encoding: { x, y },
      },
    ],
  };
}

export async function claimSidesSvg(s: ClaimSeries, title: string): Promise<string> {
  return renderSvg(claimSidesSpec(s, title));
}
