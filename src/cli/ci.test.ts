/**
 * `thm check` output that CI tools read, from ONE real process (GITHUB_ACTIONS=true, --json, --junit, stdout a pipe):
 * streaming lines, the table's negative-control column and legend, `observed` in details and JSON, the JSON validated
 * against schemas/check-results.schema.json (ajv), the JUnit XML against schemas/junit.xsd (libxml2), annotations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { lastResultsIn, thmEnv, thmSync, tinyTheorem, toy, type ThmRun } from '../testing/thm.js';
import { validateAgainst, xpathString } from '../testing/xml.js';
import type { CheckDocument } from './checkJson.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-ci-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const D = Decimal.clone({ precision: 50 });

const jsonFile = path.join(tmp, 'out.json');
const junitFile = path.join(tmp, 'junit.xml');
const finding = tinyTheorem(tmp, 'tiny_square_le_half', { status: 'conjecture', lo: 32, hi: 64, bound: '0.5' });
const ids = ['toy_square_le_one', 'toy_square_le_self', 'tiny_square_le_half', 'gd_descent_lemma_of_lr_lt_two_over_L'];
const summaryFile = path.join(tmp, 'step-summary.md');
fs.writeFileSync(summaryFile, 'previous step\n');
const env = thmEnv(tmp, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: PROJECT_ROOT, GITHUB_STEP_SUMMARY: summaryFile });
let r: ThmRun;
let doc: CheckDocument;

beforeAll(() => {
  r = thmSync(
    [
      'check',
      toy('toy_square_le_one'),
      toy('toy_square_le_self'),
      finding,
      'gd_descent_lemma_of_lr_lt_two_over_L',
      '--profile',
      'quick',
      '--runs',
      '10',
      '--jobs',
      '2',
      '--fixtures',
      path.join(tmp, 'fx'),
      '--json',
      jsonFile,
      '--junit',
      junitFile,
    ],
    env,
  );
  doc = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as CheckDocument;
});

const byId = (id: string) => doc.results.find((x) => x.id === id)!;

describe('thm check for CI (one real process)', () => {
  it('exits 1 (a theorem is violated) with a line per theorem printed as each finished, before the table', () => {
    expect(r.code, r.err).toBe(1);
    const table = r.out.indexOf('theorem  ');
    for (const id of ids) {
      const line = new RegExp(`^\\[[1-4]/4\\] ${id}  (holds|violated)  (ok|FAIL|finding)  \\d+\\.\\ds$`, 'm').exec(
        r.out,
      );
      expect(line, id).not.toBeNull();
      expect(line!.index).toBeLessThan(table);
    }
  });

  it('prints what the targeted phase spent and the smallest slack before → after; --json has it as search', () => {
    // --runs 10: the quick profile's 20 % share is 2 targeted samples after 8 random ones
    expect(r.out).toMatch(/^toy_square_le_one: targeted search 2 samples, min slack \S+ → \S+$/m);
    const s = byId('toy_square_le_one').search!;
    expect(s).toMatchObject({ strategy: 'targeted', samples: 2, found: false });
    expect(s.bestAfter!).toBeLessThanOrEqual(s.bestBefore!);
    expect(byId('toy_square_le_one').runs).toBe(10);
  });

  it('the table shows the negative control and explains min slack', () => {
    const lines = r.out.split('\n');
    const head = lines.find((l) => l.startsWith('theorem  '))!.split(/ {2,}/);
    expect(head).toContain('negative control');
    const row = lines.find((l) => l.startsWith('toy_square_le_one '))!.split(/ {2,}/);
    expect(row[head.indexOf('negative control')]).toBe('violated'); // x ∈ (1, 4] breaks x² ≤ 1
    expect(r.out).toMatch(/^min slack: smallest relative slack/m);
    expect(r.out).toMatch(/^negative control: verdict on `violations`/m);
  });

  it('--json is schema 1 and validates against schemas/check-results.schema.json', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'check-results.schema.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.schema).toBe(1);
    expect(doc.results.map((x) => x.id).sort()).toEqual([...ids].sort());
    expect(byId('gd_descent_lemma_of_lr_lt_two_over_L').area).toBe('smooth');
    expect(doc.summary).toEqual({ theorems: 4, passed: 3, failed: 1, findings: 1 });
    // the schema has teeth: a wrong type is rejected
    expect(validate({ ...doc, results: [{ ...doc.results[0], runs: '10' }] })).toBe(false);
  });

  it('observed: on the counterexample (details and JSON) and on the tightest sample', () => {
    const c = byId('tiny_square_le_half').counterexamples[0]!;
    const x = new D((c.spec as { x: string }).x);
    expect(new D(c.observed!.x2!).eq(x.times(x))).toBe(true); // x² exactly (a short dyadic)
    expect(r.out).toContain(`    observed: x2=${c.observed!.x2}`);
    // toy_square_le_one observes x² and its slack is (1 − x²)/1: the tightest sample's x² = 1 − min slack
    const one = byId('toy_square_le_one');
    expect(Number(one.observed!.x2)).toBeCloseTo(1 - one.minSlack!, 12);
  });

  it('thm report shows observed: from the recorded last results (text and --json) and from --from', () => {
    const gd = byId('gd_descent_lemma_of_lr_lt_two_over_L');
    expect(Object.keys(gd.observed ?? {}).sort()).toEqual(['F_final', 'L', 'lr']); // what its evaluate returns
    type Row = {
      id: string;
      last: {
        observed: Record<string, string> | null;
        counterexamples: { observed: Record<string, string> | null }[];
      } | null;
    };
    const rows = JSON.parse(thmSync(['report', '--json'], env).out) as Row[];
    expect(rows.find((x) => x.id === gd.id)!.last!.observed).toEqual(gd.observed);
    const text = thmSync(['report'], env).out.split('\n');
    const head = text.find((l) => l.startsWith('theorem  '))!.split(/ {2,}/);
    expect(text.find((l) => l.startsWith(`${gd.id} `))!.split(/ {2,}/)[head.indexOf('observed')]).toBe(
      `L=${gd.observed!.L}, lr=${gd.observed!.lr}, F_final=${gd.observed!.F_final}`,
    );
    const merged = JSON.parse(thmSync(['report', '--json', '--from', jsonFile], env).out) as Row[];
    expect(merged.find((x) => x.id === 'tiny_square_le_half')!.last!.counterexamples[0]!.observed).toEqual(
      byId('tiny_square_le_half').counterexamples[0]!.observed,
    );
  });

  it('--junit validates against schemas/junit.xsd; one testcase per theorem, classname = area, failure with spec and replay', async () => {
    const xml = fs.readFileSync(junitFile, 'utf8');
    const v = await validateAgainst(xml, path.join(PROJECT_ROOT, 'schemas', 'junit.xsd'));
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    expect(await xpathString(xml, 'count(//testcase)')).toBe('4');
    expect(await xpathString(xml, '//testcase[@name="gd_descent_lemma_of_lr_lt_two_over_L"]/@classname')).toBe(
      'smooth',
    );
    expect(await xpathString(xml, 'count(//testcase[failure or error])')).toBe('1');
    expect(await xpathString(xml, '/testsuites/@failures')).toBe('1');
    const failure = await xpathString(xml, '//testcase[@name="toy_square_le_self"]/failure');
    expect(await xpathString(xml, '//testcase[@name="toy_square_le_self"]/failure/@type')).toBe('violated');
    // the smallest grid point k/64 above 1 is the shrunk counterexample of x² ≤ x
    expect(failure).toContain('spec: {"x":"1.015625"}');
    expect(failure).toMatch(/replay: npx thm replay \S+\.json --theorem \S+toy_square_le_self\.theorem\.ts/);
    // a finding passes, its details in system-out
    expect(
      await xpathString(xml, 'count(//testcase[@name="tiny_square_le_half"]/*[self::failure or self::error])'),
    ).toBe('0');
    expect(await xpathString(xml, '//testcase[@name="tiny_square_le_half"]/system-out')).toMatch(
      /generate counterexample: violated/,
    );
  });

  it('GitHub annotations: ::error on the defineTheorem line of the violated theorem, ::warning for the finding, none for passes', () => {
    const line = (file: string) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('export default defineTheorem(')) + 1;
    const ann = r.out.split('\n').filter((l) => l.startsWith('::'));
    expect(ann).toHaveLength(2);
    const err = ann.find((l) => l.startsWith('::error '))!;
    expect(
      err.startsWith(
        `::error file=src/theorem/testdata/toy_square_le_self.theorem.ts,line=${line(toy('toy_square_le_self'))},title=theorem toy_square_le_self%3A violated::`,
      ),
    ).toBe(true);
    const msg = err.slice(err.indexOf('::', 2) + 2);
    expect(msg).not.toMatch(/[\r\n]/);
    const decoded = msg.replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%25', '%');
    expect(decoded).toContain('spec: {"x":"1.015625"}');
    expect(decoded).toMatch(/\nreplay: npx thm replay /);
    const warn = ann.find((l) => l.startsWith('::warning '))!;
    expect(warn).toContain(
      `file=${path.relative(PROJECT_ROOT, finding).replaceAll(':', '%3A').replaceAll(',', '%2C')},line=${line(finding)},`,
    );
  });

  it('GitHub job summary: appended to GITHUB_STEP_SUMMARY, a row per theorem with its verdict, details folded', () => {
    const md = fs.readFileSync(summaryFile, 'utf8');
    expect(md.startsWith('previous step\n### thm check (profile quick): 3 passed, 1 failed, 1 findings\n')).toBe(true);
    const rows = md
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '').trim()));
    expect(rows.map((c) => [c[0]!.replaceAll('`', ''), c[2]]).sort()).toEqual(
      doc.results.map((x) => [x.id, x.verdict]).sort(),
    );
    const folded = md.slice(md.indexOf('<summary>toy_square_le_self: violated (FAIL)</summary>'));
    expect(folded.slice(0, folded.indexOf('</details>'))).toContain('spec: {"x":"1.015625"}');
  });

  it('an unwritable --junit is refused before any theorem runs: exit 2, one line naming it, nothing half-written', () => {
    const own = fs.mkdtempSync(path.join(tmp, 'unwritable-'));
    const dirAsFile = path.join(own, 'a-directory');
    fs.mkdirSync(dirAsFile);
    const u = thmSync(
      [
        'check',
        toy('toy_square_le_one'),
        '--profile',
        'quick',
        '--fixtures',
        path.join(own, 'fx'),
        '--junit',
        dirAsFile,
      ],
      thmEnv(own),
    );
    expect(u.code).toBe(2);
    expect(u.err.trim().split('\n')).toHaveLength(1);
    expect(u.err).toMatch(/--junit .*a-directory: is a directory, not a file/);
    expect(u.out).not.toMatch(/toy_square_le_one/); // refused up front: no theorem ran
    expect(fs.existsSync(lastResultsIn(own))).toBe(false);
    expect(fs.readdirSync(own).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a --junit that fails only when written (a name too long) is exit 2 naming it, after the results are recorded', () => {
    const own = fs.mkdtempSync(path.join(tmp, 'late-'));
    const tooLong = path.join(own, `${'x'.repeat(300)}.xml`);
    const u = thmSync(
      ['check', toy('toy_square_le_one'), '--profile', 'quick', '--fixtures', path.join(own, 'fx'), '--junit', tooLong],
      thmEnv(own),
    );
    expect(u.code, u.err).toBe(2);
    expect(u.err.trim().split('\n')).toHaveLength(1);
    expect(u.err).toMatch(/--junit .*x{300}\.xml: cannot write \(ENAMETOOLONG\)/);
    const last = JSON.parse(fs.readFileSync(lastResultsIn(own), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(last)).toEqual(['toy_square_le_one']);
    expect(fs.readdirSync(own).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
