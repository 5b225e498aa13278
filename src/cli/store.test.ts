/**
 * Where `thm` keeps results, through real processes: the results root of a project (found from the working
 * directory, never inside node_modules), THM_RESULTS_ROOT, concurrent `thm check` runs, a corrupt or hand-edited
 * results file, and outputs that are directories. docs/results.md describes what these tests pin down.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { checkoutState, MAIN, sandbox } from '../testing/thm.js';

const sb = sandbox('thm-store');
afterAll(() => sb.cleanup());
const toy = (id: string) => path.join(PROJECT_ROOT, 'src', 'theorem', 'testdata', `${id}.theorem.ts`);
const results = (root: string) =>
  JSON.parse(fs.readFileSync(path.join(root, '.tmp', 'thm', 'last-results.json'), 'utf8')) as Record<
    string,
    { verdict: string }
  >;
const oneLine = (err: string) => err.trim().split('\n');

describe('results root (real thm processes)', () => {
  it('is the project found from the working directory (as npm finds package.json), never node_modules/theoremcheck', () => {
    const project = path.join(sb.tmp, 'proj');
    const sub = path.join(project, 'src', 'deep');
    const installed = path.join(project, 'node_modules', 'theoremcheck');
    for (const d of [sub, installed]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{"name": "user-project", "type": "commonjs"}');
    fs.writeFileSync(path.join(installed, 'package.json'), '{"name": "theoremcheck"}');
    const unset = { THM_RESULTS_ROOT: '' };

    const a = sb.thmWith({ cwd: sub, env: unset }, 'check', toy('toy_square_le_self'), '--profile', 'quick');
    expect(a.code, a.err).toBe(1);
    const fixtures = fs.readdirSync(path.join(project, 'fixtures', 'counterexamples', 'toy_square_le_self'));
    expect(fixtures).toEqual([expect.stringMatching(/^[0-9a-f]+\.json$/)]);
    expect(results(project).toy_square_le_self!.verdict).toBe('violated');
    // the printed replay line names the fixture where it is, and works from the same folder
    const replay = /replay: npx thm replay (\S+\.json) --theorem (\S+)/.exec(a.out)!;
    expect(path.resolve(sub, replay[1]!)).toBe(
      path.join(project, 'fixtures', 'counterexamples', 'toy_square_le_self', fixtures[0]!),
    );

    const b = sb.thmWith({ cwd: installed, env: unset }, 'check', toy('toy_square_le_one'), '--profile', 'quick');
    expect(b.code, b.err).toBe(0);
    expect(Object.keys(results(project)).sort()).toEqual(['toy_square_le_one', 'toy_square_le_self']);
    expect(fs.readdirSync(installed)).toEqual(['package.json']);
    expect(fs.readdirSync(sub)).toEqual([]);
  });

  it('THM_RESULTS_ROOT holds last-results.json and the default fixtures; the checkout is untouched', () => {
    const before = checkoutState();
    const r = sb.thm('check', toy('toy_square_le_self'), '--profile', 'quick');
    expect(r.code, r.err).toBe(1);
    expect(results(sb.root).toy_square_le_self!.verdict).toBe('violated');
    expect(fs.readdirSync(path.join(sb.root, 'fixtures', 'counterexamples', 'toy_square_le_self'))).toHaveLength(1);
    expect(checkoutState()).toBe(before);
  });

  it('two thm check processes at once in one project lose neither result; no lock or temp file is left', async () => {
    const root = path.join(sb.tmp, 'concurrent');
    fs.mkdirSync(root);
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const run = (id: string) =>
      new Promise<number | null>((resolve) => {
        const c = spawn(
          process.execPath,
          ['--import', tsx, MAIN, 'check', toy(id), '--profile', 'quick', '--jobs', '1'],
          {
            cwd: PROJECT_ROOT,
            env: { ...process.env, CI: '1', THM_RESULTS_ROOT: root },
            stdio: 'ignore',
          },
        );
        c.on('exit', resolve);
      });
    expect(await Promise.all([run('toy_square_le_one'), run('toy_square_le_self')])).toEqual([0, 1]);
    expect(Object.keys(results(root)).sort()).toEqual(['toy_square_le_one', 'toy_square_le_self']);
    expect(fs.readdirSync(path.join(root, '.tmp', 'thm'))).toEqual(['last-results.json']);
  }, 120_000);

  it('a corrupt last-results.json is reported in one line and kept aside; hand-edited wrong types are skipped naming the entry', () => {
    const dir = path.join(sb.root, '.tmp', 'thm');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'last-results.json');
    fs.writeFileSync(file, '{"toy_square_le_one": {"verdict": "holds",');
    const r = sb.thm('check', toy('toy_square_le_one'), '--profile', 'quick');
    expect(r.code, r.err).toBe(0);
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('last-results.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe('{"toy_square_le_one": {"verdict": "holds",');
    expect(oneLine(r.err)).toEqual([
      expect.stringMatching(
        /last-results\.json: not valid JSON \(.*\); kept as last-results\.corrupt-\d{8}T\d{6}Z\.json, starting a new one$/,
      ),
    ]);
    expect(results(sb.root).toy_square_le_one!.verdict).toBe('holds');

    const all = results(sb.root);
    const GD = 'gd_descent_lemma_of_lr_lt_two_over_L';
    const SHARP = 'gd_limit_sharpness_le_two_over_lr';
    // a real entry with its negative control removed by hand: what the report reads of it must be checked too
    const { negativeControl: _dropped, ...noControl } = all.toy_square_le_one as Record<string, unknown>;
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...all,
        [GD]: { id: GD, verdict: 'holds', passed: 'yes' },
        [SHARP]: { ...noControl, id: SHARP },
      }),
    );
    const rep = sb.thm('report');
    expect(rep.code, rep.err).toBe(0);
    expect(oneLine(rep.err)).toEqual([
      expect.stringMatching(new RegExp(`entry "${GD}": passed: "yes" must be true or false; skipped`)),
      expect.stringMatching(
        new RegExp(`entry "${SHARP}": negativeControl: must be an object \\{ verdict, runs, reason \\}; skipped`),
      ),
    ]);
    expect(rep.out).toMatch(new RegExp(`${GD} .* not run`));
    expect(rep.out).toMatch(new RegExp(`${SHARP} .* not run`));
  }, 120_000);

  it('a results file, --json or --junit that is a directory (or under a file): exit 2 before any theorem runs, one line, nothing left behind', () => {
    const root = path.join(sb.tmp, 'dirs');
    fs.mkdirSync(path.join(root, '.tmp', 'thm', 'last-results.json'), { recursive: true });
    const env = { THM_RESULTS_ROOT: root };
    for (const args of [['check', toy('toy_square_le_one'), '--profile', 'quick'], ['report']]) {
      const r = sb.thmWith({ env }, ...args);
      expect(r.code, r.err).toBe(2);
      expect(oneLine(r.err)).toEqual([
        expect.stringMatching(/results file .*last-results\.json: is a directory, not a file$/),
      ]);
      expect(r.out).toBe('');
    }
    const out = path.join(sb.tmp, 'json-dir');
    fs.mkdirSync(out);
    for (const opt of ['--json', '--junit']) {
      const j = sb.thm('check', toy('toy_square_le_one'), '--profile', 'quick', opt, out);
      expect(j.code, j.err).toBe(2);
      expect(oneLine(j.err)).toEqual([`thm check: ${opt} ${out}: is a directory, not a file`]);
      expect(j.out).toBe('');
    }
    // a file where the output's folder should be
    const blocker = path.join(sb.tmp, 'plain-file');
    fs.writeFileSync(blocker, '');
    const b = sb.thm('check', toy('toy_square_le_one'), '--profile', 'quick', '--json', path.join(blocker, 'out.json'));
    expect(b.code, b.err).toBe(2);
    expect(oneLine(b.err)).toEqual([
      `thm check: --json ${path.join(blocker, 'out.json')}: ${blocker} is a file, not a folder`,
    ]);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(fs.readdirSync(path.join(root, '.tmp', 'thm'))).toEqual(['last-results.json']);
  });
});
