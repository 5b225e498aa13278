/**
 * `thm report --html DIR`: one static page for one run — DIR/index.html plus one SVG per counterexample under
 * DIR/plots/ (no server, no script, no network: open index.html from disk). The page holds the catalogue table
 * (verdict, negative control, min slack, tightness, search, time) and, for every counterexample, its exact spec, the
 * referee's rungs, its claims and a plot of the claim's two sides along the trajectory (../figures/claimSides.ts).
 *
 * Every text taken from results (ids, titles, messages, specs, claim labels) goes through `h`, which escapes all
 * interpolated strings; only markup built by `h` itself is inserted as is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { claimSeries, claimSidesSvg } from '../figures/claimSides.js';
import { inputError } from '../errors.js';
import { judge } from '../theorem/claims.js';
import type { Counterexample, TheoremResult } from '../theorem/verify.js';
import { mark, negativeText, slackText, TABLE_LEGEND, tightnessText, TIGHTNESS_LEGEND } from './format.js';
import { writeFileAtomic } from './lastRun.js';

const SAFE = Symbol('html');
/** Markup: made only by `h`, so its text parts have been escaped. */
export interface Html {
  readonly [SAFE]: string;
}
type Part = Html | string | number | null | undefined | false | readonly Part[];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function partText(p: Part): string {
  if (p === null || p === undefined || p === false) return '';
  if (typeof p === 'string') return escapeHtml(p);
  if (typeof p === 'number') return escapeHtml(String(p));
  if (Array.isArray(p)) return (p as readonly Part[]).map(partText).join('');
  return (p as Html)[SAFE];
}

/** Tagged template: the literal parts are markup, every interpolated string is escaped (text or attribute value). */
export function h(strings: TemplateStringsArray, ...parts: readonly Part[]): Html {
  let out = strings[0]!;
  parts.forEach((p, i) => (out += partText(p) + strings[i + 1]!));
  return { [SAFE]: out };
}

export function htmlText(x: Html): string {
  return x[SAFE];
}

/** One theorem of the report: its catalogue entry and its result in this run (null: not run). */
export interface HtmlRow {
  readonly id: string;
  readonly area: string;
  readonly title: string;
  readonly status: string;
  readonly kind: string;
  readonly citation: string;
  readonly fixtures: readonly { readonly file: string; readonly status: string }[];
  readonly result: TheoremResult | null;
}

export interface HtmlMeta {
  /** Where the verdicts come from, e.g. "thm check --json shard-1.json shard-2.json". */
  readonly source: string;
  readonly generated: string;
  /** Why the run is incomplete (missing shards, interrupted documents). */
  readonly warnings: readonly string[];
}

/** A counterexample of the page with its anchor and the file of its plot (null: nothing to draw). */
interface Shown {
  readonly row: HtmlRow;
  readonly cx: Counterexample;
  readonly anchor: string;
  readonly plot: { readonly file: string; readonly note: string } | null;
}

/** Claims listed in a counterexample's table (violated first); all of them are in the plot and in --json. */
const CLAIMS_SHOWN = 12;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
tr.fail td.verdict { background: #fbd5d5; } tr.finding td.verdict { background: #fdf0c4; }
tr.ok td.verdict { background: #d9f2dd; } tr.notrun td { color: #777; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.title { color: #555; font-size: 0.9em; } code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #f7f7f7; padding: 0.5rem; max-width: 60rem; white-space: pre-wrap; overflow-wrap: anywhere; }
table.claims td { word-break: break-all; max-width: 28rem; font-family: ui-monospace, monospace; font-size: 12px; }
section.counterexample { border-top: 2px solid #ddd; margin-top: 1.5rem; }
.legend, .note { color: #555; font-size: 0.9em; max-width: 60rem; }
`;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function rowClass(r: TheoremResult | null): string {
  if (r === null) return 'notrun';
  return r.passed ? (r.finding ? 'finding' : 'ok') : 'fail';
}

function searchCell(r: TheoremResult): string {
  const s = r.search;
  if (s === undefined || (s.strategy === 'targeted' && s.samples === 0)) return '-';
  if (s.strategy === 'random') return 'random only';
  return `${s.samples} samples, ${slackText(s.bestBefore)} → ${slackText(s.bestAfter)}${s.found ? ', found it' : ''}`;
}

function tableRow(row: HtmlRow, anchors: readonly string[]): Html {
  const r = row.result;
  const t = r?.tightness;
  return h`<tr class="theorem ${rowClass(r)}" data-id="${row.id}">
<td><code>${row.id}</code><div class="title">${row.title}</div></td>
<td>${row.area}</td><td>${row.status}</td><td>${row.kind}</td>
<td class="verdict">${r === null ? 'not run' : [r.verdict, ` (${mark(r)})`]}</td>
<td>${negativeText(r?.negativeControl.verdict ?? 'not_run')}</td>
<td class="num">${slackText(r?.minSlack ?? null)}</td>
<td class="num"${t ? h` title="${JSON.stringify(t.spec)}"` : ''}>${t ? tightnessText(t) : '-'}</td>
<td>${r ? searchCell(r) : '-'}</td>
<td class="num">${r ? String(r.runs) : '-'}</td>
<td class="num">${r ? seconds(r.timeMs) : '-'}</td>
<td class="num">${r ? `${r.profile}, ${r.backend}` : '-'}</td>
<td>${anchors.map((a, i) => h`${i > 0 ? ' ' : ''}<a href="#${a}">#${i + 1}</a>`)}${
    row.fixtures.length > 0
      ? h` <span title="${row.fixtures.map((f) => `${f.file} (${f.status})`).join('\n')}">${row.fixtures.length} stored</span>`
      : ''
  }</td>
</tr>`;
}

function claimRows(cx: Counterexample): Html {
  const judged = cx.claims.map((c) => ({ c, j: judge(c) }));
  const order = [
    ...judged.filter((x) => x.j.status === 'violated'),
    ...judged.filter((x) => x.j.status !== 'violated'),
  ];
  const shown = order.slice(0, CLAIMS_SHOWN);
  return h`<table class="claims"><thead><tr><th>claim</th><th>lhs</th><th>rel</th><th>rhs</th><th>± err</th><th>judged</th></tr></thead><tbody>
${shown.map(({ c, j }) => h`<tr><td>${c.label}</td><td>${c.lhs}</td><td>${c.rel}</td><td>${c.rhs}</td><td>${c.err}</td><td>${j.status}</td></tr>\n`)}
</tbody></table>${order.length > shown.length ? h`<p class="note">… ${order.length - shown.length} more claims (all are in thm check --json; the plot draws them).</p>` : ''}`;
}

function counterexampleSection(s: Shown, n: number): Html {
  const { row, cx } = s;
  return h`<section class="counterexample" id="${s.anchor}">
<h3>#${n} <code>${row.id}</code>: ${cx.phase} counterexample, ${cx.verdict}</h3>
<p>${cx.reason}</p>
${cx.location !== undefined ? h`<p>at <code>${cx.location}</code></p>` : ''}
<h4>Spec (exact)</h4>
<pre class="spec">${JSON.stringify(cx.spec)}</pre>
<h4>Referee</h4>
<table class="rungs"><thead><tr><th>rung</th><th>backend</th><th>verdict</th><th>reason</th></tr></thead><tbody>
${cx.rungs.map((g, i) => h`<tr><td class="num">${i + 1}</td><td><code>${g.backend}</code></td><td>${g.status}</td><td>${g.reason ?? ''}</td></tr>\n`)}
</tbody></table>
<h4>Claims (highest precision evaluated)</h4>
${cx.claims.length > 0 ? claimRows(cx) : h`<p class="note">no claims (the verdict is ${cx.verdict}).</p>`}
${
  s.plot === null
    ? h`<p class="note">nothing to plot: no claim has two finite sides.</p>`
    : h`<figure><img class="plot" src="${s.plot.file}" alt="${`both sides of the claims of ${row.id} (${cx.phase} counterexample)`}">
<figcaption class="note">${s.plot.note}</figcaption></figure>`
}
${
  cx.observed !== undefined
    ? h`<p>observed: ${Object.entries(cx.observed)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ')}</p>`
    : ''
}
${cx.seed !== undefined ? h`<p>seed <code>${String(cx.seed)}</code>${cx.path ? h`, path <code>${cx.path}</code>` : ''}</p>` : ''}
${cx.fixture !== undefined ? h`<p>fixture <code>${cx.fixture}</code>${cx.fixtureStatus ? ` (${cx.fixtureStatus})` : ''}</p>` : ''}
${cx.fixtureError !== undefined ? h`<p><strong>fixture NOT saved:</strong> ${cx.fixtureError}</p>` : ''}
<p>replay: <code>${cx.replay}</code></p>
</section>`;
}

/** The page (pure: the plots are already written, `shown` says where). */
export function renderPage(rows: readonly HtmlRow[], shown: readonly Shown[], meta: HtmlMeta): string {
  const run = rows.filter((r) => r.result !== null);
  const failed = run.filter((r) => !r.result!.passed).length;
  const findings = run.filter((r) => r.result!.finding).length;
  const totalMs = run.reduce((a, r) => a + r.result!.timeMs, 0);
  const anchorsOf = (id: string) => shown.filter((s) => s.row.id === id).map((s) => s.anchor);
  const page = h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>theoremcheck report</title><style>${{ [SAFE]: STYLE }}</style></head>
<body>
<h1>theoremcheck report</h1>
<p class="meta">Verdicts from ${meta.source}; generated ${meta.generated}.
${rows.length} theorems: ${run.length} run, ${run.length - failed} passed, ${failed} failed, ${findings} findings (violated conjectures or phenomena); ${shown.length} counterexamples; ${seconds(totalMs)} of checking.</p>
${meta.warnings.map((w) => h`<p class="warning"><strong>incomplete run:</strong> ${w}</p>\n`)}
<table id="catalogue"><thead><tr><th>theorem</th><th>area</th><th>status</th><th>kind</th><th>verdict</th><th>negative control</th><th>min slack</th><th>tightness</th><th>targeted search</th><th>runs</th><th>time</th><th>profile, backend</th><th>counterexamples</th></tr></thead>
<tbody>
${rows.map((r) => tableRow(r, anchorsOf(r.id)))}
</tbody></table>
<p class="legend">${TABLE_LEGEND}</p>
<p class="legend">${TIGHTNESS_LEGEND} Hover a tightness cell for the spec attaining it.</p>
<p class="legend">targeted search: mutants evaluated after the random phase and the smallest slack before → after it.</p>
<h2>Counterexamples</h2>
${shown.length === 0 ? h`<p>none in this run.</p>` : shown.map((s, i) => counterexampleSection(s, i + 1))}
</body></html>
`;
  return htmlText(page);
}

/** The folder to write into: created if missing; an existing file there is an input error naming --html. */
function prepare(dir: string): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
    throw inputError(`report: --html ${dir}: is a file, not a folder`);
  try {
    fs.mkdirSync(path.join(dir, 'plots'), { recursive: true });
  } catch (e) {
    throw inputError(`report: --html ${dir}: cannot create it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  // plots of an earlier report in the same folder would otherwise linger beside the new ones
  for (const f of fs.readdirSync(path.join(dir, 'plots')))
    if (/^cx-\d+\.svg$/.test(f)) fs.rmSync(path.join(dir, 'plots', f), { force: true });
}

/** Write DIR/index.html and DIR/plots/cx-<n>.svg; returns the page's path and how many plots were drawn. */
export async function writeHtmlReport(
  dir: string,
  rows: readonly HtmlRow[],
  meta: HtmlMeta,
): Promise<{ readonly page: string; readonly plots: number }> {
  prepare(dir);
  const shown: Shown[] = [];
  for (const row of rows) {
    for (const cx of row.result?.counterexamples ?? []) {
      const n = shown.length + 1;
      const series = claimSeries(cx.claims);
      let plot: Shown['plot'] = null;
      if (series.points.length > 0) {
        const file = `plots/cx-${n}.svg`;
        const svg = await claimSidesSvg(series, `${row.id}: ${cx.phase} counterexample`);
        writeFileAtomic(path.join(dir, file), svg, `report: --html ${path.join(dir, file)}`);
        const notes = [
          series.stepped
            ? 'x: the step k of the claims labelled name@k.'
            : 'x: the claims in the order evaluated (their labels carry no step).',
          series.dropped > 0 ? `${series.dropped} claims with a non-finite side are not drawn.` : '',
          series.thinned > 0 ? `${series.thinned} claims left out of the drawing (evenly; violated ones kept).` : '',
        ];
        plot = { file, note: notes.filter((x) => x !== '').join(' ') };
      }
      shown.push({ row, cx, anchor: `cx-${n}`, plot });
    }
  }
  const page = path.join(dir, 'index.html');
  writeFileAtomic(page, renderPage(rows, shown, meta), `report: --html ${page}`);
  return { page, plots: shown.filter((s) => s.plot !== null).length };
}
