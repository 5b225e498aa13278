/**
 * The package as npm ships it: `npm pack` holds src, bin, properties, docs/theorems, schemas and the README, and no
 * tests, test data or stored fixtures; installed into an empty project, `npx thm list`, `npx thm check <id>` and
 * `npx thm report --from` (the JSON schema it validates with) work.
 *
 * Installing the tarball: `npm install --offline <tarball>` needs every dependency's metadata in the npm cache, which a
 * fresh CI machine (or this one) does not have, and a test must not depend on the network. So the test installs by
 * hand what npm would (src/testing/installed.ts): the tarball unpacked as node_modules/theoremcheck, the production
 * dependency closure linked, and node_modules/.bin/thm → the package's bin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkDeps, productionDeps } from '../testing/installed.js';
import { PACKAGE_DIR } from '../theorem/discover.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-pack-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const proj = path.join(tmp, 'project');
let files: string[] = [];

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: PACKAGE_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const info = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0]!;
  files = info.files.map((f) => f.path);
  const nm = path.join(proj, 'node_modules');
  fs.mkdirSync(path.join(nm, '.bin'), { recursive: true });
  fs.writeFileSync(
    path.join(proj, 'package.json'),
    '{ "name": "empty-project", "version": "1.0.0", "private": true }\n',
  );
  execFileSync('tar', ['-xzf', path.join(tmp, info.filename), '-C', nm]);
  fs.renameSync(path.join(nm, 'package'), path.join(nm, 'theoremcheck'));
  linkDeps(nm, productionDeps());
  fs.symlinkSync(path.join('..', 'theoremcheck', 'bin', 'thm.js'), path.join(nm, '.bin', 'thm'));
}, 120_000);

function npx(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync('npx', ['--no', ...args], {
    cwd: proj,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm pack', () => {
  it('ships src, bin, properties, docs/theorems and the README; no tests, test data or fixtures', () => {
    for (const f of [
      'README.md',
      'package.json',
      'bin/thm.js',
      'src/index.ts',
      'src/vitest.ts',
      'src/theorem/loadHooks.mjs',
      'docs/theorems/references.md',
      'docs/theorems/eos.md',
      'properties/smooth/gd_descent_lemma_of_lr_lt_two_over_L.theorem.ts',
      'properties/lowrank/lowrank.lib.ts',
      'schemas/check-results.schema.json',
      'schemas/junit.xsd',
    ])
      expect(files).toContain(f);
    expect(
      files.filter((f) => /\.test\.ts$|\.testkit\.ts$|testdata\/|^fixtures\/|^\.tmp\/|^src\/testing\//.test(f)),
    ).toEqual([]);
  });

  it('installed in an empty project: npx thm list, npx thm check <id> --profile quick', () => {
    const list = npx('thm', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/gd_limit_sharpness_le_two_over_lr +stability +theorem/);
    const json = path.join(tmp, 'results.json');
    const check = npx(
      'thm',
      'check',
      'gd_limit_sharpness_le_two_over_lr',
      '--profile',
      'quick',
      '--fixtures',
      path.join(tmp, 'fx'),
      '--json',
      json,
    );
    expect(check.code, check.err).toBe(0);
    expect(check.out).toMatch(/gd_limit_sharpness_le_two_over_lr .* holds/);
    expect(check.out).toMatch(/1 theorems: 1 passed, 0 failed/);
    // report --from validates the document with the shipped schema (ajv is a production dependency)
    const report = npx('thm', 'report', '--from', json);
    expect(report.code, report.err).toBe(0);
    expect(report.out).toMatch(/gd_limit_sharpness_le_two_over_lr +stability .* holds \(quick\)/);
    // report --html loads vega and vega-lite (production dependencies)
    const html = npx('thm', 'report', '--html', path.join(tmp, 'html'), '--from', json);
    expect(html.code, html.err).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'html', 'index.html'))).toBe(true);
  }, 120_000);

  it("installed: a theorem file of the project importing 'theoremcheck' (the README's example) checks", () => {
    const readme = fs.readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');
    const source = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Writing a theorem')))![1]!;
    const id = /id: '(\w+)'/.exec(source)![1]!;
    fs.mkdirSync(path.join(proj, 'theorems'), { recursive: true });
    fs.writeFileSync(path.join(proj, 'theorems', `${id}.theorem.ts`), source);
    const r = npx(
      'thm',
      'check',
      `theorems/${id}.theorem.ts`,
      '--profile',
      'quick',
      '--fixtures',
      path.join(tmp, 'fx'),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`${id} .* holds`));
  }, 120_000);
});
