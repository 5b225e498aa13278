/**
 * theoremcheck installed under a path with a space (a user's "My Projects" folder, a CI workspace): `thm` finds its
 * commands and its worker, and checks a theorem. Real processes from a copy of the package in such a folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { checkoutState, sandbox } from '../testing/thm.js';

const sb = sandbox('thm-paths');
afterAll(() => sb.cleanup());

describe('a package path with a space (real thm processes)', () => {
  it('thm list and thm check work from node_modules/theoremcheck under "My Project"', () => {
    const before = checkoutState();
    const project = path.join(sb.tmp, 'My Project');
    const pkg = path.join(project, 'node_modules', 'theoremcheck');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{"name": "my-project"}');
    for (const d of ['src', 'bin', 'properties', 'package.json'])
      fs.cpSync(path.join(PROJECT_ROOT, d), path.join(pkg, d), { recursive: true });
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
    const thm = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'thm.js'), ...args], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, CI: '1', THM_RESULTS_ROOT: '' },
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const list = thm('list', '--area', 'smooth');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/gd_descent_lemma_of_lr_lt_two_over_L +smooth/);
    const toy = path.join(pkg, 'src', 'theorem', 'testdata', 'toy_square_le_one.theorem.ts');
    const check = thm('check', toy, '--profile', 'quick');
    expect(check.code, check.err).toBe(0);
    expect(check.out).toMatch(/toy_square_le_one .* holds/);
    // results went to the project, not into the installed package
    expect(
      Object.keys(
        JSON.parse(fs.readFileSync(path.join(project, '.tmp', 'thm', 'last-results.json'), 'utf8')) as object,
      ),
    ).toEqual(['toy_square_le_one']);
    expect(fs.existsSync(path.join(pkg, '.tmp'))).toBe(false);
    expect(checkoutState()).toBe(before);
  }, 180_000);
});
