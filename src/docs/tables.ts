/**
 * The README's generated tables: the catalogue (from a `thm check --json` file) and the benchmarks (from the JSON
 * lines `npm run bench` prints). Pure functions of their input, so a test can regenerate the committed tables from the
 * committed data and fail when someone pastes figures by hand.
 */

/** One theorem row of `thm check --json` (the fields the table reads; unknown fields are ignored). */
export interface CatalogueRow {
  readonly id: string;
  readonly status: string;
  readonly kind: string;
  readonly citation: string;
  readonly file?: string;
  readonly verdict: string;
  readonly finding: boolean;
  readonly runs: number;
  readonly minSlack: number | null;
  /** Bounds (kinds upper/lower/tight): the largest LHS/RHS seen (1 = attained). */
  readonly tightness?: { readonly ratio: number };
  readonly timeMs: number;
  readonly negativeControl: { readonly verdict: string };
}

export interface CatalogueRun {
  readonly profile: string;
  readonly results: readonly CatalogueRow[];
}

/**
 * One line of `npm run bench`: a measured cell (median/min/max over `runs`) or a single timed run (`wall_ms`,
 * `cpu_ms`: cells that take half a minute or more); `load1` is the machine's 1-minute load average at its end.
 */
export interface BenchLine {
  readonly workload: string;
  readonly backend: string;
  readonly median_ms?: number;
  readonly min_ms?: number;
  readonly max_ms?: number;
  readonly wall_ms?: number;
  readonly cpu_ms?: number;
  readonly runs: number;
  readonly load1?: number;
  readonly agree_digits?: Readonly<Record<string, number | null>>;
  readonly final?: Readonly<Record<string, string>>;
  readonly [rate: string]: unknown;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** First reference only, at most 70 characters (the full citation is in the file and `thm report`). */
function firstRef(citation: string): string {
  const first = citation.split(';')[0]!.trim();
  return first.length > 70 ? `${first.slice(0, 69)}…` : first;
}

/** The area is the folder under properties/ (empty for a file elsewhere). */
export function areaOf(file: string | undefined): string {
  const m = /(?:^|[\\/])properties[\\/]([^\\/]+)[\\/]/.exec(file ?? '');
  return m ? m[1]! : '';
}

function slack(s: number | null): string {
  return s === null ? '—' : s.toPrecision(3);
}

/** Rows sorted by area then id, so the table does not depend on the order in which workers finished. */
export function catalogueTable(run: CatalogueRun): string {
  const rows = [...run.results].sort((a, b) => (areaOf(a.file) + a.id).localeCompare(areaOf(b.file) + b.id));
  const head = [
    '| theorem | area | status | kind | citation (first ref) | verdict | negative control | runs | min slack | tightness | time |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const body = rows.map((r) =>
    `| \`${r.id}\` | ${areaOf(r.file)} | ${r.status} | ${r.kind} | ${cell(firstRef(r.citation))} | ` +
    `${r.verdict}${r.finding ? ' (finding)' : ''} | ${r.negativeControl.verdict} | ${r.runs} | ${slack(r.minSlack)} | ` +
      `${r.tightness === undefined ? '—' : r.tightness.ratio.toPrecision(3)} | ` +
    `${(r.timeMs / 1000).toFixed(1)} s |`,
  );
  const failed = rows.filter((r) => r.verdict !== 'holds' && !r.finding).length;
  const findings = rows.filter((r) => r.finding).length;
  const foot = `\n${rows.length} theorems (profile ${run.profile}): ${rows.length - failed} passed, ${failed} failed, ${findings} findings. ` +
    '*min slack*: the smallest relative slack (rhs − lhs)/max(|lhs|, |rhs|) over the generated samples (0 = attained). ' +
    '*tightness* (bounds): the largest LHS/RHS over the samples (1 = attained; the bound is loose by 1/tightness there).';
  return [...head, ...body].join('\n') + '\n' + foot;
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

function rateText(l: BenchLine): string {
  for (const [k, unit] of [['steps_per_s', 'steps/s'], ['points_per_s', 'points/s']] as const) {
    const v = l[k];
    if (typeof v === 'number') return `${fmtInt(v)} ${unit}`;
  }
  return '—';
}

function digitsText(l: BenchLine): string {
  const d = l.agree_digits;
  if (d === undefined) return '—';
  return Object.entries(d).map(([k, v]) => `${k} ${v === null ? '—' : String(v)}`).join(', ');
}

/** The benchmark table, in the order `npm run bench` printed its cells (measured cells; single runs below it). */
export function benchTable(lines: readonly BenchLine[]): string {
  const measured = lines.filter((l) => l.median_ms !== undefined);
  const single = lines.filter((l) => l.median_ms === undefined && l.wall_ms !== undefined);
  const head = [
    '| workload | backend | median ms (min–max) | runs | rate | significant digits vs dec:150 | load |',
    '|---|---|---|---|---|---|---|',
  ];
  const body = measured.map(
    (l) =>
      `| ${l.workload} | ${l.backend} | ${l.median_ms} (${l.min_ms}–${l.max_ms}) | ${l.runs} | ${rateText(l)} | ` +
      `${digitsText(l)} | ${loadText(l)} |`,
  );
  const out = [...head, ...body].join('\n');
  if (single.length === 0) return out;
  const singleHead = ['| workload | backend | wall s | CPU s | load | result |', '|---|---|---|---|---|---|'];
  const singleBody = single.map(
    (l) =>
      `| ${l.workload} | ${l.backend} | ${secs(l.wall_ms)} | ${secs(l.cpu_ms)} | ${loadText(l)} | ` +
      `${cell(Object.entries(l.final ?? {}).map(([k, v]) => `${k}: ${v}`).join('; '))} |`,
  );
  return `${out}\n\nSingle timed runs (no warm-up):\n\n${[...singleHead, ...singleBody].join('\n')}`;
}

const secs = (ms: number | undefined): string => (ms === undefined ? '—' : (ms / 1000).toFixed(1));
const loadText = (l: BenchLine): string => (l.load1 === undefined ? '—' : l.load1.toFixed(2));

/** Ratios the README quotes, computed from the same lines (median over median; a single run's wall time). */
export function benchRatios(lines: readonly BenchLine[]): string {
  const med = (w: string, b: string) => {
    const l = lines.find((x) => x.workload === w && x.backend === b);
    return l?.median_ms ?? l?.wall_ms;
  };
  const out: string[] = [];
  for (const w of ['W1', 'W2', 'W3', 'logistic-1e5']) {
    const f = med(w, 'f64');
    const dd = med(w, 'dd');
    if (f !== undefined && dd !== undefined) out.push(`${w} dd/f64 ${(dd / f).toFixed(1)}×`);
    for (const p of ['34', '50', '64', '100']) {
      const dec = med(w, `dec:${p}`);
      const mp = med(w, `mpfr:${p}`);
      if (dec !== undefined && mp !== undefined) out.push(`${w} dec:${p}/mpfr:${p} ${(dec / mp).toFixed(1)}×`);
    }
  }
  for (const p of ['34', '64']) {
    const direct = med('W1-direct', `dec:${p}`);
    const engine = med('W1', `dec:${p}`);
    if (direct !== undefined && engine !== undefined)
      out.push(`W1 dec:${p} Backend/decimal.js direct ${(engine / direct).toFixed(2)}×`);
  }
  const raw = med('W1', 'dd');
  const eng = med('W1-engine', 'dd');
  if (raw !== undefined && eng !== undefined) out.push(`W1-engine/W1 at dd ${(eng / raw).toFixed(2)}×`);
  const fused = med('logistic-1e6-kernel', 'dd');
  const sig = med('logistic-1e6-sigmoid-only', 'dd');
  if (fused !== undefined && sig !== undefined)
    out.push(`logistic-1e6 dd fused path/sigmoids alone ${(fused / sig).toFixed(2)}×`);
  // issue 14 target: the order-6 series (with bars) at dd within 20× one dd gradient
  const jet = med('jet6-mlp-8-32-72-4', 'dd');
  const grad = med('grad-mlp-8-32-72-4', 'dd');
  if (jet !== undefined && grad !== undefined) out.push(`jet6/grad at dd ${(jet / grad).toFixed(1)}×`);
  return out.length === 0 ? '' : `Ratios (medians): ${out.join('; ')}.`;
}

/** Parse the JSON lines of `npm run bench` (blank lines and lines not starting with `{` are skipped). */
export function parseBench(text: string): BenchLine[] {
  return text.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as BenchLine);
}

/** Replace what lies between `<!-- name:begin -->` and `<!-- name:end -->` (markers kept). */
export function replaceBetween(doc: string, name: string, content: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs: README.md has no ${begin} … ${end} block`);
  return `${doc.slice(0, i + begin.length)}\n${content}\n${doc.slice(j)}`;
}
