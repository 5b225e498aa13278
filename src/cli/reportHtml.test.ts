/**
 * `thm report --html DIR` as a user gets it: a real `thm check --json` run (a false theorem whose claim is checked at
 * four steps, plus a true one), a real `thm report --html … --from`, and the page loaded from disk in headless
 * Chromium (playwright-core driving Debian's /usr/bin/chromium). The checks read the rendered DOM: one table row per
 * theorem of the run, every plot decoded by the browser with a non-zero box, the plot's lines and points drawn, and
 * markup inside result texts shown as text, never as elements.
 *
 * Without Chromium the browser test is skipped with one printed line, except in CI (CI=true), where that is a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { sandbox } from '../testing/thm.js';
import { escapeHtml, h, htmlText } from './reportHtml.js';

const CHROMIUM = '/usr/bin/chromium';
const present = fs.existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const skip = !present && !inCi;
if (skip) console.log(`reportHtml.test: browser test skipped: no ${CHROMIUM} (apt-get install chromium; .ci/run does)`);

describe('html escaping', () => {
  it('escapes every interpolated string, in text and in attribute values, and inserts nested markup once', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const id = '"><script>alert(1)</script>';
    expect(htmlText(h`<td title="${id}">${[id, h`<b>${'&'}</b>`]}</td>`)).toBe(
      `<td title="${escapeHtml(id)}">${escapeHtml(id)}<b>&#38;</b></td>`,
    );
  });
});

/** A false theorem x ∈ [0, 2] ⇒ x^k ≤ 1, checked at k = 1..4 (a claim along a 4-step trajectory), with markup in its
 * title and claim labels. */
function powersTheorem(dir: string): string {
  const nm = path.join(dir, 'node_modules');
  if (!fs.existsSync(nm)) fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), nm, 'dir');
  const file = path.join(dir, 'html_powers_le_one.theorem.ts');
  fs.writeFileSync(
    file,
    `import fc from 'fast-check';
import { claims, defineTheorem } from ${JSON.stringify(path.join(PROJECT_ROOT, 'src', 'theorem', 'api.ts'))};

const grid = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => ({ x: String(k / 64) }));

export default defineTheorem({
  id: 'html_powers_le_one',
  title: 'x^k <= 1 <img src=x onerror="document.body.dataset.injected=1"> & "quoted"',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw\`0 \\le x \\le 2 \\implies x^k \\le 1\`,
  refs: [{ key: 'folklore', where: 'test <b>ref</b>' }],
  hypotheses: grid(0, 128),
  violations: grid(65, 128),
  evaluate(B, { x }) {
    const v = B.num(x);
    const out = [];
    let p = v;
    for (let k = 1; k <= 4; k++) {
      if (k > 1) p = B.mul(p, v);
      out.push(claims.le(B, p, B.one, claims.roundoff(B, 2 * k, p), \`x^k<=1 <&>@\${k}\`));
    }
    return { claims: out };
  },
});
`,
  );
  return file;
}

describe('thm report --html: usage errors (real process)', () => {
  const sb = sandbox('thm-html-usage');
  afterAll(() => sb.cleanup());

  it('a file where the folder should be, or --html with --md, exits 2 with one line naming the option', () => {
    const file = path.join(sb.tmp, 'a-file');
    fs.writeFileSync(file, '');
    const onFile = sb.thm('report', '--html', file);
    expect([onFile.code, onFile.err.trim()]).toEqual([2, `thm report: --html ${file}: is a file, not a folder`]);
    const both = sb.thm('report', '--html', path.join(sb.tmp, 'out'), '--md');
    expect([both.code, both.err.trim()]).toEqual([2, 'thm report: --md, --json and --html exclude each other']);
    expect(fs.existsSync(path.join(sb.tmp, 'out'))).toBe(false);
  });
});

interface Doc {
  readonly results: readonly { readonly id: string; readonly counterexamples: readonly { claims: unknown[] }[] }[];
}

describe('thm report --html in a headless browser', () => {
  const sb = sandbox('thm-html');
  afterAll(() => sb.cleanup());

  it.skipIf(skip)('renders one row per theorem of the run and every counterexample plot', async () => {
    expect(present, `CI=true but ${CHROMIUM} is missing (.ci/run installs the chromium package)`).toBe(true);
    const doc = path.join(sb.tmp, 'run.json');
    const out = path.join(sb.tmp, 'report');
    const check = sb.thm(
      'check',
      powersTheorem(sb.tmp),
      path.join('src', 'theorem', 'testdata', 'toy_square_le_one.theorem.ts'),
      '--profile',
      'quick',
      '--jobs',
      '1',
      '--fixtures',
      path.join(sb.tmp, 'fx'),
      '--json',
      doc,
    );
    expect(check.code, check.err).toBe(1);
    const report = sb.thm('report', '--html', out, '--from', doc);
    expect(report.code, report.err).toBe(1); // the run's exit code: a theorem failed
    const run = JSON.parse(fs.readFileSync(doc, 'utf8')) as Doc;
    const cxs = run.results.flatMap((r) => r.counterexamples);
    const powers = run.results.find((r) => r.id === 'html_powers_le_one')!.counterexamples[0]!;

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(out, 'index.html')).href, { waitUntil: 'load' });
      expect(await page.locator('#catalogue tbody tr').count()).toBe(run.results.length);
      expect(await page.locator('section.counterexample').count()).toBe(cxs.length);
      const plots = page.locator('img.plot');
      expect(await plots.count()).toBe(cxs.filter((c) => c.claims.length > 0).length);
      for (const img of await plots.all()) {
        // decoded by the browser (a malformed SVG, e.g. an unescaped label, has naturalWidth 0) and laid out
        expect(await img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth > 0)).toBe(true);
        const box = await img.boundingBox();
        expect(box!.width).toBeGreaterThan(0);
        expect(box!.height).toBeGreaterThan(0);
      }
      // text from results is text: the title's <img> is not an element and its handler never ran
      const titleText = await page.locator('tr[data-id="html_powers_le_one"] .title').textContent();
      expect(titleText).toContain('<img src=x onerror=');
      expect(await page.locator('img:not(.plot)').count()).toBe(0);
      expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();

      // the plot itself: one line per side, one point per claim and side, all with a non-zero box
      const section = page.locator('section.counterexample', { hasText: 'html_powers_le_one' });
      const src = await section.locator('img.plot').getAttribute('src');
      await page.goto(pathToFileURL(path.join(out, src!)).href);
      const svgBox = await page.locator('svg').first().boundingBox();
      expect(svgBox!.width * svgBox!.height).toBeGreaterThan(0);
      const lines = page.locator('g.mark-line path');
      expect(await lines.count()).toBe(2);
      for (const l of await lines.all()) expect((await l.boundingBox())!.width).toBeGreaterThan(0);
      const points = page.locator('g.mark-symbol').first().locator('path');
      expect(await points.count()).toBe(2 * powers.claims.length);
    } finally {
      await browser.close();
    }
  });
});
