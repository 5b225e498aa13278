/**
 * `theoremcheck/vitest` from a user's project, through vitest itself: a temp project (theoremcheck copied into its
 * node_modules with its dependencies, as an install places them, plus the user's vitest) whose test files call
 * `theoremTests(folder)` and `theoremTest(definition)` on the toys of src/theorem/testdata (importing from
 * 'theoremcheck'). Vitest's JSON report must show one test per theorem: the true toy passes, the false toy fails with
 * its certified counterexample, fixture path and replay line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyPackage, linkDeps, productionDeps } from './testing/installed.js';
import { PACKAGE_DIR } from './theorem/discover.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-vitest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Report {
  testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

function project(): { dir: string; fixtures: string } {
  const dir = path.join(tmp, 'user-project');
  const nm = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(nm, '.bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'theorems'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "user-project", "private": true, "type": "module" }\n');
  // theoremcheck as installed (a real folder under node_modules, so vitest treats it as a dependency), its production
  // dependencies hoisted beside it, and the user's own vitest
  copyPackage(nm);
  linkDeps(nm, [...productionDeps(), 'vitest']);
  fs.symlinkSync(path.join('..', 'vitest', 'vitest.mjs'), path.join(nm, '.bin', 'vitest'));
  for (const id of ['toy_square_le_one', 'toy_square_le_self']) {
    const src = fs.readFileSync(path.join(PACKAGE_DIR, 'src', 'theorem', 'testdata', `${id}.theorem.ts`), 'utf8');
    fs.writeFileSync(
      path.join(dir, 'theorems', `${id}.theorem.ts`),
      src.replace("from '../api.js'", "from 'theoremcheck'"),
    );
  }
  const fixtures = path.join(tmp, 'fx');
  fs.writeFileSync(
    path.join(dir, 'folder.test.ts'),
    [
      "import { theoremTests } from 'theoremcheck/vitest';",
      `theoremTests(new URL('./theorems/', import.meta.url), { profile: 'quick', fixtures: ${JSON.stringify(fixtures)} });`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'definition.test.ts'),
    [
      "import { theoremTest } from 'theoremcheck/vitest';",
      "import selfBound from './theorems/toy_square_le_self.theorem.ts';",
      `theoremTest(selfBound, { profile: 'quick', fixtures: null });`,
      '',
    ].join('\n'),
  );
  return { dir, fixtures };
}

describe('theoremcheck/vitest in a user project', () => {
  it('one vitest test per theorem; a failure shows the certified counterexample, its fixture and the replay line', () => {
    const { dir, fixtures } = project();
    const out = path.join(tmp, 'report.json');
    const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
    for (const k of Object.keys(env)) if (k.startsWith('VITEST')) delete env[k];
    const r = spawnSync('npx', ['--no', 'vitest', 'run', '--root', dir, '--reporter=json', `--outputFile=${out}`], {
      cwd: dir,
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    const byFile = Object.fromEntries(report.testResults.map((t) => [path.basename(t.name), t.assertionResults]));
    expect(byFile['folder.test.ts']!.map((a) => [a.title, a.status])).toEqual([
      ['toy_square_le_one', 'passed'],
      ['toy_square_le_self', 'failed'],
    ]);
    const msg = byFile['folder.test.ts']![1]!.failureMessages.join('\n');
    expect(msg).toMatch(/toy_square_le_self \(theorem, upper\): violated/);
    expect(msg).toMatch(/certified at (mpfr|dec):50 and \1:100/);
    expect(msg).toMatch(/spec: \{"x":"1\.015625"\}/);
    const fixture = /fixture: (\S+\.json)/.exec(msg)?.[1];
    expect(fixture).toBeDefined();
    expect(fs.existsSync(path.resolve(dir, fixture!))).toBe(true);
    expect(path.resolve(dir, fixture!).startsWith(fixtures)).toBe(true);
    expect(msg).toMatch(/replay: .*replay \S+\.json --theorem \S*toy_square_le_self\.theorem\.ts/);
    const def = byFile['definition.test.ts']!;
    expect(def.map((a) => [a.title, a.status])).toEqual([['toy_square_le_self', 'failed']]);
    expect(def[0]!.failureMessages.join('\n')).toMatch(/spec: \{"x":"1\.015625"\}/);
  }, 150_000);
});
