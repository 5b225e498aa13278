/**
 * Boundary maps (`thm boundary`): a theorem evaluated over a grid of two spec parameters, the others fixed from a base
 * instance (the theorem's first generated instance for the seed) or sampled afresh per cell. Each cell records the
 * verdict of its sample at the generate backend (not refereed) and the smallest claim slack, so the map shows where
 * a statement holds, where it fails and where its own hypotheses end (inconclusive cells).
 */
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { inputError } from '../errors.js';
import type { AnyTheorem } from '../theorem/define.js';
import { evaluateOn } from '../theorem/referee.js';
import { arbitraryFor, type ProfileName } from '../theorem/types.js';
import type { AnyBackend } from '../numeric/types.js';

/** Grid arithmetic: exact for the endpoints, grid points rounded to GRID_DIGITS significant digits. */
const D = Decimal.clone({ precision: 40 });
const GRID_DIGITS = 10;

/** One axis: a dotted spec path (`lr`, `w.0`, `init.a.1`) and its grid values as the spec holds them. */
export interface Axis {
  readonly path: string;
  readonly values: readonly (string | number)[];
}

export type CellVerdict =
  'holds' | 'no_claims' | 'violated' | 'inconclusive' | 'invalid' | 'hypothesis_violated' | 'theorem_error';

export interface Cell {
  readonly i: number;
  readonly j: number;
  readonly x: string | number;
  readonly y: string | number;
  readonly verdict: CellVerdict;
  /** Smallest relative claim slack (null when the sample had no judged claims). */
  readonly minSlack: number | null;
  readonly reason?: string;
  readonly observed?: Readonly<Record<string, string>>;
  /** `--contour NAME=VALUE`: the observed quantity NAME is ≥ VALUE on this cell (absent when not observed). */
  readonly above?: boolean;
}

export interface BoundaryMap {
  readonly theorem: string;
  readonly title: string;
  readonly backend: string;
  readonly seed: number;
  readonly profile: ProfileName;
  /** 'first': every cell is the base instance with x and y replaced; 'sampled': a fresh sample per cell. */
  readonly others: 'first' | 'sampled';
  readonly base: unknown;
  readonly x: Axis;
  readonly y: Axis;
  /** Cells where an observed quantity reaches a level are outlined (a known boundary drawn from the theorem's data). */
  readonly contour?: { readonly name: string; readonly value: string };
  /** Row-major: j (y) outer, i (x) inner. */
  readonly cells: readonly Cell[];
}

type Key = string | number;

function keys(p: string): Key[] {
  return p.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

function child(v: unknown, k: Key): unknown {
  if (typeof k === 'number') return Array.isArray(v) ? (v[k] as unknown) : undefined;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, k)
    ? (v as Record<string, unknown>)[k]
    : undefined;
}

/** The value at `path` in `spec` (undefined when the path does not exist). */
export function getAt(spec: unknown, path: string): unknown {
  return keys(path).reduce<unknown>((v, k) => child(v, k), spec);
}

/** A copy of `spec` with `value` at `path` (which must exist). */
export function setAt(spec: unknown, path: string, value: unknown): unknown {
  const go = (v: unknown, ks: readonly Key[]): unknown => {
    if (ks.length === 0) return value;
    const [k, ...rest] = ks;
    if (Array.isArray(v)) return v.map((x: unknown, n) => (n === k ? go(x, rest) : x));
    const o = v as Record<string, unknown>;
    return { ...o, [k!]: go(o[k!], rest) };
  };
  return go(spec, keys(path));
}

function fieldsOf(spec: unknown): string {
  return typeof spec === 'object' && spec !== null ? Object.keys(spec).join(', ') : typeof spec;
}

/** `--x` as given: `path` or `path=LO..HI`. */
export function parseAxisArg(arg: string, name: 'x' | 'y'): { path: string; range?: [string, string] } {
  const m = /^([^=]+?)(?:=(.+)\.\.(.+))?$/.exec(arg);
  if (m === null || !/^[A-Za-z_$][\w$]*(\.(\d+|[A-Za-z_$][\w$]*))*$/.test(m[1]!))
    throw inputError(`--${name}: ${JSON.stringify(arg)} must be a spec path like lr or w.0, optionally =LO..HI`);
  if (m[2] === undefined) return { path: m[1]! };
  const lo = m[2].trim();
  const hi = m[3]!.trim();
  const ok = (s: string) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s);
  if (!ok(lo) || !ok(hi) || !new D(lo).lt(new D(hi)))
    throw inputError(`--${name}: range ${JSON.stringify(`${lo}..${hi}`)} must be two decimals LO..HI with LO < HI`);
  return { path: m[1]!, range: [lo, hi] };
}

/** The numeric value of a spec leaf (a decimal string or a number), NaN otherwise. */
function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v) : NaN;
}

/**
 * The grid of one axis: N points from LO to HI, as exact decimal strings when the base holds a string there, as
 * numbers (integers when the base is an integer) when it holds a number. Without a range, LO..HI is the span of the
 * path over samples of `hypotheses` and `violations`: where the theorem claims something and where its negative
 * control breaks it.
 */
export function axisValues(
  name: 'x' | 'y',
  a: { path: string; range?: [string, string] },
  base: unknown,
  samples: readonly unknown[],
  n: number,
): Axis {
  const at = getAt(base, a.path);
  if (at === undefined)
    throw inputError(`--${name}: ${a.path}: no such field in the base instance (its fields: ${fieldsOf(base)})`);
  if (Number.isNaN(numeric(at)))
    throw inputError(`--${name}: ${a.path}: is ${JSON.stringify(at)}, not a number or a decimal string`);
  let range = a.range;
  if (range === undefined) {
    const vs = samples.map((s) => numeric(getAt(s, a.path))).filter((v) => Number.isFinite(v));
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    if (!(lo < hi))
      throw inputError(
        `--${name}: ${a.path}: the theorem's samples do not vary it; give a range: --${name} ${a.path}=LO..HI`,
      );
    range = [String(lo), String(hi)];
  }
  const lo = new D(range[0]);
  const hi = new D(range[1]);
  const integer = typeof at === 'number' && Number.isInteger(at);
  const values: (string | number)[] = [];
  for (let k = 0; k < n; k++) {
    const v =
      n === 1
        ? lo
        : lo
            .plus(
              hi
                .minus(lo)
                .times(k)
                .div(n - 1),
            )
            .toSignificantDigits(GRID_DIGITS);
    if (typeof at === 'number') values.push(integer ? Math.round(v.toNumber()) : v.toNumber());
    else values.push(v.toString());
  }
  if (integer && new Set(values).size < values.length)
    throw inputError(
      `--${name}: ${a.path}: an integer range of ${range[0]}..${range[1]} has fewer than ${n} values; lower --grid`,
    );
  return { path: a.path, values };
}

function cellOf(thm: AnyTheorem, B: AnyBackend, spec: unknown, i: number, j: number, x: Key, y: Key): Cell {
  const r = evaluateOn(thm, B, spec);
  const verdict: CellVerdict =
    r.status !== 'ok' ? r.status : (r.judgement?.judgements.length ?? 0) === 0 ? 'no_claims' : 'holds';
  const s = r.judgement?.minSlack;
  return {
    i,
    j,
    x,
    y,
    verdict,
    minSlack: s !== undefined && Number.isFinite(s) ? s : null,
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    ...(r.observed !== undefined ? { observed: r.observed } : {}),
  };
}

export interface BoundaryOptions {
  readonly x: { path: string; range?: [string, string] };
  readonly y: { path: string; range?: [string, string] };
  readonly grid: number;
  readonly B: AnyBackend;
  readonly seed: number;
  readonly profile: ProfileName;
  readonly others: 'first' | 'sampled';
  readonly contour?: { readonly name: string; readonly value: string };
}

/** `--contour NAME=VALUE`: an observed quantity and a decimal level. */
export function parseContour(arg: string): { name: string; value: string } {
  const m = /^([\w$]+)=([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.exec(arg);
  if (m === null)
    throw inputError(`--contour: ${JSON.stringify(arg)} must be NAME=VALUE (an observed quantity, a decimal)`);
  return { name: m[1]!, value: m[2]! };
}

/** Samples of the arbitrary for the default ranges (and the base instance: the first of `hypotheses`). */
const RANGE_SAMPLES = 200;

export function boundaryMap(thm: AnyTheorem, o: BoundaryOptions): BoundaryMap {
  if (o.x.path === o.y.path) throw inputError(`--y: ${o.y.path} is also --x; give two different spec paths`);
  const hyp = arbitraryFor(thm.hypotheses, o.profile) as fc.Arbitrary<unknown>;
  const viol = arbitraryFor(thm.violations, o.profile) as fc.Arbitrary<unknown>;
  const hs = fc.sample(hyp, { seed: o.seed, numRuns: RANGE_SAMPLES });
  const samples = [...hs, ...fc.sample(viol, { seed: o.seed, numRuns: RANGE_SAMPLES })];
  const base = hs[0];
  const x = axisValues('x', o.x, base, samples, o.grid);
  const y = axisValues('y', o.y, base, samples, o.grid);
  const cells: Cell[] = [];
  for (let j = 0; j < y.values.length; j++)
    for (let i = 0; i < x.values.length; i++) {
      // sampled: cell k takes the k-th generated instance (all of them have both paths, else the base decides)
      const k = j * x.values.length + i;
      const from = o.others === 'sampled' ? (hs[k % hs.length] ?? base) : base;
      const own = getAt(from, x.path) !== undefined && getAt(from, y.path) !== undefined ? from : base;
      const spec = setAt(setAt(own, x.path, x.values[i]), y.path, y.values[j]);
      const c = cellOf(thm, o.B, spec, i, j, x.values[i]!, y.values[j]!);
      const seen = o.contour === undefined ? undefined : c.observed?.[o.contour.name];
      // compared exactly (observed values are decimal strings)
      cells.push(
        seen === undefined || numeric(seen) !== numeric(seen) ? c : { ...c, above: !new D(seen).lt(o.contour!.value) },
      );
    }
  if (o.contour !== undefined && !cells.some((c) => c.above !== undefined))
    throw inputError(`--contour: ${o.contour.name} is not an observed quantity of ${thm.id} on these cells`);
  return {
    theorem: thm.id,
    title: thm.title,
    backend: o.B.id,
    seed: o.seed,
    profile: o.profile,
    others: o.others,
    base,
    x,
    y,
    ...(o.contour !== undefined ? { contour: o.contour } : {}),
    cells,
  };
}
