/**
 * The search benchmark's tables from its JSON lines (what `npm run bench -- search` prints, one line per claim):
 * `npm run docs` renders them into the README from docs/data/search.jsonl, so the figures there are never pasted by
 * hand. Lines of one run share its `command`; each run becomes one table under a line naming the command, its time
 * and the machine's load.
 */

/** One claim of one run of the benchmark (src/bench/search/bench.ts). */
export interface SearchLine {
  readonly claim: string;
  readonly kind: string;
  /** Share of generated instances that fail (at f64). */
  readonly mass: number;
  readonly seeds: number;
  readonly cap: number;
  readonly warmup: number;
  /** Evaluations to the first certified counterexample per seed (null: none within `cap`). */
  readonly random: readonly (number | null)[];
  readonly targeted: readonly (number | null)[];
  /** Seeds on which 100 random runs / the ci split (80 random + 20 targeted) found a certified counterexample. */
  readonly ciRandom: number;
  readonly ciTargeted: number;
  /** The command line of the run, its wall time for this claim and the 1-minute load average when it ended. */
  readonly command?: string;
  readonly ms?: number;
  readonly load1?: number;
}

export function parseSearch(text: string): SearchLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as SearchLine);
}

/** The median with "not found" as +∞ (so a median run that found nothing reads "> cap"). */
export function median(xs: readonly (number | null)[]): number {
  const s = xs.map((x) => x ?? Infinity).sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 === 1 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
}

const show = (x: number, cap: number) => (Number.isFinite(x) ? String(x) : `> ${cap}`);

/** The Markdown table of one run. */
export function searchTable(lines: readonly SearchLine[]): string {
  const cap = lines[0]?.cap ?? 0;
  const rows = lines.map((l) => {
    const mr = median(l.random);
    const mt = median(l.targeted);
    const ratio = Number.isFinite(mt)
      ? Number.isFinite(mr)
        ? (mr / mt).toFixed(1)
        : `> ${(l.cap / mt).toFixed(1)}`
      : '-';
    const missed = `${l.random.filter((x) => x === null).length} / ${l.targeted.filter((x) => x === null).length}`;
    return `| \`${l.claim}\` | ${l.kind} | ${(l.mass * 100).toFixed(2)} % | ${show(mr, l.cap)} | ${show(mt, l.cap)} | ${ratio}× | ${missed} | ${l.ciRandom} / ${l.ciTargeted} |`;
  });
  return [
    `| claim | planted mistake | failure mass | random: median evaluations | targeted: median evaluations | random / targeted | not found within ${cap} (random / targeted) | found within 100 runs, ci split (random / 80 + 20 targeted) |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Every run of the file: a line naming its command, seeds, time and load, then its table. */
export function searchTables(lines: readonly SearchLine[]): string {
  const runs = new Map<string, SearchLine[]>();
  for (const l of lines) {
    const key = l.command ?? `npm run -s bench -- search ${l.seeds} ${l.cap}`;
    runs.set(key, [...(runs.get(key) ?? []), l]);
  }
  const out: string[] = [];
  for (const [command, ls] of runs) {
    const ms = ls.reduce((t, l) => t + (l.ms ?? 0), 0);
    const loads = ls.map((l) => l.load1).filter((x): x is number => x !== undefined);
    const load = loads.length === 0 ? '' : `, load1 ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`;
    const time = ms > 0 ? `, ${(ms / 1000).toFixed(0)} s` : '';
    out.push(
      `\`${command}\` (${ls[0]!.seeds} seeds, warm-up ${ls[0]!.warmup}${time}${load}):`,
      '',
      searchTable(ls),
      '',
    );
  }
  return out.join('\n').trimEnd();
}
