/**
 * `thm report [--md | --json | --html DIR] [--fixtures DIR] [--from FILE …]`: the catalogue with each theorem's last
 * verdict (from the last `thm check`) and its stored counterexamples, grouped by area; --html writes a static page
 * (../reportHtml.ts). With --from, the verdicts come from
 * `thm check --json` documents instead (e.g. the shards of a CI matrix, merged), and the exit code is that run's.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  findTheoremFiles,
  idFromFile,
  loadCatalogue,
  loadTheoremFile,
  PROJECT_ROOT,
  type LoadedTheorem,
} from '../../theorem/discover.js';
import { listFixtures, readFixture } from '../../theorem/fixtures.js';
import { citation, type TheoremResult } from '../../theorem/result.js';
import { inputError } from '../../errors.js';
import { parse, stringOption } from '../args.js';
import {
  negativeText,
  observedText,
  slackText,
  table,
  TABLE_LEGEND,
  tightnessText,
  TIGHTNESS_LEGEND,
} from '../format.js';
import { readLastRun } from '../lastRun.js';
import { mergeCheckDocuments, type Merged } from '../merge.js';
import { defaultFixturesDir, existingFolder, lastResultsFile, shownPath } from '../resultsRoot.js';
import { readTightness, tightnessDir, tightnessFile, type TightnessRecord } from '../tightnessRecord.js';
import { canonicalJson } from '../../instances/canonical.js';

export const summary =
  "the catalogue with each theorem's last verdict (text, --md, --json or an --html page); --from merges thm check --json files";
export const usage = 'thm report [--md | --json | --html DIR] [--fixtures DIR] [--from FILE …]';
export const help = [
  'Options:',
  '  --md             Markdown (one section per area)',
  '  --json           the rows as JSON',
  '  --html DIR       a static page: DIR/index.html (table, counterexamples with spec, referee rungs and claims) and',
  "                   DIR/plots/cx-<n>.svg (both sides of each counterexample's claims); open index.html from disk",
  '  --fixtures DIR   counterexample corpus to list (default fixtures/counterexamples)',
  '  --from FILE …    take the verdicts from thm check --json files (e.g. the shards of one run: thm report --from',
  '                   shard-*.json) instead of the last thm check; only their theorems are listed, and the exit code',
  "                   is that run's: 1 when a theorem failed or a shard is missing, else 0.",
].join('\n');

/** What the report says about one result. */
function lastOf(r: TheoremResult) {
  return {
    verdict: r.verdict,
    passed: r.passed,
    finding: r.finding,
    profile: r.profile,
    backend: r.backend,
    runs: r.runs,
    minSlack: r.minSlack,
    negativeControl: r.negativeControl.verdict,
    observed: r.observed ?? null,
    tightness: r.tightness ?? null,
    timeMs: r.timeMs,
    seed: r.seed,
    counterexamples: r.counterexamples.map((c) => ({
      phase: c.phase,
      verdict: c.verdict,
      spec: c.spec,
      observed: c.observed ?? null,
      replay: c.replay,
    })),
  };
}

export async function run(argv: readonly string[]): Promise<number> {
  // --from takes every following non-option argument: `--from a.json b.json` (a shell glob expands to that)
  const i = argv.indexOf('--from');
  const end = argv.findIndex((a, k) => k > i && a.startsWith('-'));
  const fromFiles = i < 0 ? [] : argv.slice(i + 1, end < 0 ? undefined : end);
  const rest = i < 0 ? argv : [...argv.slice(0, i), ...(end < 0 ? [] : argv.slice(end))];
  const { values, positionals } = parse('report', rest, {
    md: { type: 'boolean' },
    json: { type: 'boolean' },
    html: { type: 'string' },
    fixtures: { type: 'string' },
  });
  if (positionals.length > 0)
    throw inputError(
      `report: unexpected argument ${JSON.stringify(positionals[0])} (did you mean --from ${positionals[0]}?)`,
    );
  const htmlDir = stringOption(values.html);
  if ([values.md, values.json, htmlDir !== undefined].filter(Boolean).length > 1)
    throw inputError('report: --md, --json and --html exclude each other');
  // before any work: a file where the page's folder should be
  if (htmlDir !== undefined && fs.existsSync(htmlDir) && !fs.statSync(htmlDir).isDirectory())
    throw inputError(`report: --html ${htmlDir}: is a file, not a folder`);
  const given = stringOption(values.fixtures);
  const fixturesDir = path.resolve(
    given === undefined ? defaultFixturesDir() : existingFolder(given, `report: --fixtures ${given}`),
  );
  const merged: Merged | null = i < 0 ? null : mergeCheckDocuments(fromFiles);
  const last = merged === null ? readLastRun() : Object.fromEntries(merged.results.map((r) => [r.id, r]));
  // with --from only the run's theorems are listed: load just their files (a file is named by its theorem's id)
  const catalogue =
    merged === null ? await loadCatalogue() : await loadCatalogueOf(new Set(merged.results.map((r) => r.id)));
  const fixturesOf = (id: string) =>
    listFixtures(fixturesDir, id).map((f) => ({ file: shownPath(f), status: readFixture(f).status }));
  const recordOf = (id: string): TightnessRecord | null => {
    try {
      return readTightness(tightnessDir(), id);
    } catch (e) {
      console.error(`thm report: warning: ${(e as Error).message} (skipped; thm check ${id} --tightness rewrites it)`);
      return null;
    }
  };
  const catalogueRows = catalogue.map(({ theorem: t, area, file }) => {
    const r = last[t.id];
    return {
      id: t.id,
      area,
      title: t.title,
      status: t.status,
      kind: t.kind,
      claim: t.claim,
      refs: t.refs,
      citation: citation(t),
      file: path.relative(PROJECT_ROOT, file),
      fixtures: fixturesOf(t.id),
      last: r ? lastOf(r) : null,
      tightnessRecord: recordOf(t.id),
    };
  });
  // with --from: exactly the merged theorems (catalogue ones with their full entry, others from the result itself)
  const rows =
    merged === null
      ? catalogueRows
      : merged.results.map(
          (r) =>
            catalogueRows.find((c) => c.id === r.id) ?? {
              id: r.id,
              area: r.area,
              title: r.title,
              status: r.status,
              kind: r.kind,
              claim: '',
              refs: [],
              citation: r.citation,
              file: r.file ?? '',
              fixtures: fixturesOf(r.id),
              last: lastOf(r),
              tightnessRecord: recordOf(r.id),
            },
        );
  for (const w of merged?.warnings ?? []) console.error(`thm report: warning: ${w}`);
  const code = merged === null ? 0 : merged.warnings.length > 0 || merged.results.some((r) => !r.passed) ? 1 : 0;
  if (htmlDir !== undefined) {
    // loaded only here: vega is a large module the other formats do not need
    const { writeHtmlReport } = await import('../reportHtml.js');
    const { page, plots } = await writeHtmlReport(
      path.resolve(htmlDir),
      rows.map((r) => ({ ...r, result: last[r.id] ?? null })),
      {
        source:
          i < 0 ? `the last thm check (${shownPath(lastResultsFile())})` : `thm check --json ${fromFiles.join(' ')}`,
        generated: new Date().toISOString(),
        warnings: merged?.warnings ?? [],
      },
    );
    console.log(`thm report: wrote ${shownPath(page)} (${rows.length} theorems, ${plots} plots)`);
    return code;
  }
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return code;
  }
  if (values.md) {
    const out = ['# theoremcheck catalogue', ''];
    for (const area of [...new Set(rows.map((r) => r.area))]) {
      out.push(`## ${area || '(no area)'}`, '');
      for (const r of rows.filter((x) => x.area === area)) {
        out.push(`### ${r.title}`, '', `\`${r.id}\` — ${r.status}, ${r.kind} — ${r.citation}`, '');
        if (r.claim !== '') out.push(`$$${r.claim}$$`, '');
        out.push(
          r.last
            ? `Last verdict: **${r.last.verdict}** (${r.last.profile}, ${r.last.backend}, ${r.last.runs} runs, min slack ${slackText(r.last.minSlack)}, negative control ${negativeText(r.last.negativeControl)}, ${(r.last.timeMs / 1000).toFixed(1)} s, seed ${r.last.seed})`
            : 'Last verdict: not run',
        );
        if (r.last?.observed) out.push('', `Observed on the tightest sample: ${observedText(r.last.observed)}`);
        const rec = r.tightnessRecord;
        if (rec !== null)
          out.push(
            '',
            `Best tightness instance stored (thm check --tightness): ratio ${tightnessText(rec)} (${looseness(rec.ratio)}), at \`${canonicalJson(rec.spec)}\` ([${path.basename(tightnessFile(tightnessDir(), r.id))}](${shownPath(tightnessFile(tightnessDir(), r.id))}))`,
          );
        if (r.last?.tightness)
          out.push(
            '',
            `Tightness: the largest ratio of the bounded side to the bound (lhs/rhs of <=, rhs/lhs of >=) over the generated samples is ${tightnessText(r.last.tightness)} (${looseness(r.last.tightness.ratio)}), at \`${JSON.stringify(r.last.tightness.spec)}\``,
          );
        for (const c of r.last?.counterexamples ?? []) {
          out.push(
            '',
            `- ${c.phase} counterexample (${c.verdict}): \`${JSON.stringify(c.spec)}\`${c.observed ? `; observed ${observedText(c.observed)}` : ''}; replay: \`${c.replay}\``,
          );
        }
        for (const f of r.fixtures) out.push(`- counterexample [${path.basename(f.file)}](${f.file}) (${f.status})`);
        out.push('');
      }
    }
    console.log(out.join('\n'));
    return code;
  }
  if (rows.length === 0) {
    console.log('no theorems found (add properties/<area>/<id>.theorem.ts)');
    return code;
  }
  console.log(
    table(
      [
        'theorem',
        'area',
        'status',
        'kind',
        'citation',
        'last verdict',
        'negative control',
        'min slack',
        'tightness',
        'observed',
        'counterexamples',
      ],
      rows.map((r) => [
        r.id,
        r.area,
        r.status,
        r.kind,
        r.citation,
        r.last ? `${r.last.verdict} (${r.last.profile})` : 'not run',
        negativeText(r.last?.negativeControl ?? 'not_run'),
        slackText(r.last?.minSlack ?? null),
        bestTightness(r.last?.tightness ?? null, r.tightnessRecord),
        observedOf(r.last),
        String(r.fixtures.length),
      ]),
    ),
  );
  console.log(TABLE_LEGEND);
  console.log(TIGHTNESS_LEGEND);
  const stored = rows.filter((r) => r.tightnessRecord !== null);
  if (stored.length > 0) {
    console.log('\nbest tightness instances (thm check --tightness, fixtures/tightness/ under the results root):');
    for (const r of stored) {
      const rec = r.tightnessRecord!;
      console.log(`  ${r.id}: ${tightnessText(rec)} at ${canonicalJson(rec.spec)}`);
    }
  }
  console.log(
    'observed: the quantities the theorem reports, on the counterexample if there is one, else on the tightest sample.',
  );
  return code;
}

/** The catalogue theorems with these ids (in catalogue order). */
async function loadCatalogueOf(ids: ReadonlySet<string>): Promise<LoadedTheorem[]> {
  const out: LoadedTheorem[] = [];
  for (const f of findTheoremFiles()) if (ids.has(idFromFile(f))) out.push(await loadTheoremFile(f));
  return out;
}

/** The larger of the last run's ratio and the stored instance's (a stored one is marked *). */
function bestTightness(
  last: { readonly ratio: number; readonly claim: string } | null,
  rec: TightnessRecord | null,
): string {
  if (rec !== null && (last === null || rec.ratio >= last.ratio)) return `${tightnessText(rec)} *`;
  return last === null ? '-' : tightnessText(last);
}

/** What a tightness ratio says: loose by 1/ratio, or a bounded side that never got positive. */
function looseness(ratio: number): string {
  return ratio > 0
    ? `the bound is loose by ${(1 / ratio).toPrecision(3)}× there`
    : 'the bounded side was ≤ 0 wherever the bound was positive';
}

function observedOf(l: ReturnType<typeof lastOf> | null): string {
  const o = l?.counterexamples.find((c) => c.observed !== null)?.observed ?? l?.observed ?? null;
  return o === null ? '-' : observedText(o);
}
