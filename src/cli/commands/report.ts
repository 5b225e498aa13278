/**
 * `thm report [--md | --json]`: the catalogue with each theorem's last verdict (from the last `thm check`) and its
 * stored counterexamples, grouped by area.
 */
import path from 'node:path';
import { loadCatalogue, PROJECT_ROOT } from '../../theorem/discover.js';
import { listFixtures, readFixture } from '../../theorem/fixtures.js';
import { citation } from '../../theorem/verify.js';
import { inputError } from '../../errors.js';
import { noPositionals, parse, stringOption } from '../args.js';
import { slackText, table } from '../format.js';
import { readLastRun } from '../lastRun.js';
import { defaultFixturesDir, shownPath } from '../resultsRoot.js';

export const summary = 'the catalogue with each theorem\'s last verdict (text, --md or --json)';
export const usage = 'thm report [--md | --json] [--fixtures DIR]';

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('report', argv, { md: { type: 'boolean' }, json: { type: 'boolean' }, fixtures: { type: 'string' } });
  noPositionals('report', positionals, usage);
  if (values.md && values.json) throw inputError('report: --md and --json exclude each other');
  const fixturesDir = path.resolve(stringOption(values.fixtures) ?? defaultFixturesDir());
  const last = readLastRun();
  const rows = (await loadCatalogue()).map(({ theorem: t, area, file }) => {
    const r = last[t.id];
    const fixtures = listFixtures(fixturesDir, t.id).map((f) => ({ file: shownPath(f), status: readFixture(f).status }));
    return {
      id: t.id, area, title: t.title, status: t.status, kind: t.kind, claim: t.claim, refs: t.refs, citation: citation(t),
      file: path.relative(PROJECT_ROOT, file), fixtures,
      last: r ? { verdict: r.verdict, passed: r.passed, profile: r.profile, backend: r.backend, runs: r.runs, minSlack: r.minSlack, timeMs: r.timeMs, seed: r.seed } : null,
    };
  });
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (values.md) {
    const out = ['# theoremcheck catalogue', ''];
    for (const area of [...new Set(rows.map((r) => r.area))]) {
      out.push(`## ${area || '(no area)'}`, '');
      for (const r of rows.filter((x) => x.area === area)) {
        out.push(`### ${r.title}`, '', `\`${r.id}\` — ${r.status}, ${r.kind} — ${r.citation}`, '', `$$${r.claim}$$`, '');
        out.push(r.last
          ? `Last verdict: **${r.last.verdict}** (${r.last.profile}, ${r.last.backend}, ${r.last.runs} runs, min slack ${slackText(r.last.minSlack)}, ${(r.last.timeMs / 1000).toFixed(1)} s, seed ${r.last.seed})`
          : 'Last verdict: not run');
        for (const f of r.fixtures) out.push(`- counterexample [${path.basename(f.file)}](${f.file}) (${f.status})`);
        out.push('');
      }
    }
    console.log(out.join('\n'));
    return 0;
  }
  if (rows.length === 0) {
    console.log('no theorems found (add properties/<area>/<id>.theorem.ts)');
    return 0;
  }
  console.log(table(['theorem', 'area', 'status', 'kind', 'citation', 'last verdict', 'min slack', 'counterexamples'],
    rows.map((r) => [r.id, r.area, r.status, r.kind, r.citation, r.last ? `${r.last.verdict} (${r.last.profile})` : 'not run',
      slackText(r.last?.minSlack ?? null), String(r.fixtures.length)])));
  return 0;
}
