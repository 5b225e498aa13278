/**
 * Theorem files load anywhere (real `thm` processes via bin/thm.js, as an installed binary runs): the README's example,
 * importing from 'theoremcheck', checked from temp folders with a commonjs package.json and with none; and files that
 * do not load report one line naming file, line and column.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR } from './discover.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-anywhere-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const BIN = path.join(PACKAGE_DIR, 'bin', 'thm.js');

function thm(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The ```ts block of the README's "Writing a theorem" section. */
function readmeExample(): { id: string; source: string } {
  const readme = fs.readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Writing a theorem'));
  const source = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  const id = /id: '([a-z0-9_A-Z]+)'/.exec(source)![1]!;
  return { id, source };
}

describe('theorem files load from any folder', () => {
  const { id, source } = readmeExample();

  it("the README's example imports from 'theoremcheck'", () => {
    expect(source).toMatch(/from 'theoremcheck';/);
  });

  for (const [name, pkg] of [
    ['commonjs', '{ "type": "commonjs" }'],
    ['no-package-json', null],
  ] as const) {
    it(`thm check of the README example holds in a folder with ${name}, no install step`, () => {
      const dir = path.join(tmp, name);
      fs.mkdirSync(dir);
      if (pkg !== null) fs.writeFileSync(path.join(dir, 'package.json'), pkg);
      fs.writeFileSync(path.join(dir, `${id}.theorem.ts`), source);
      const r = thm(dir, 'check', `${id}.theorem.ts`, '--profile', 'quick', '--fixtures', path.join(dir, 'fx'));
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`${id} .* holds`));
      expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
    }, 90_000);
  }

  it('in a commonjs folder, a local helper imported by the theorem (and importing theoremcheck) and top-level await work', () => {
    const dir = path.join(tmp, 'helper');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "commonjs" }');
    fs.writeFileSync(
      path.join(dir, 'grid.ts'),
      "import { spec } from 'theoremcheck';\nexport const unit = spec.record({ x: spec.dyadic({ min: '0', max: '1', bits: 4 }) });\n",
    );
    fs.writeFileSync(
      path.join(dir, 'helper_user.theorem.ts'),
      [
        "import { claims, defineTheorem, fc } from 'theoremcheck';",
        "import { unit } from './grid.js';",
        "const two = await Promise.resolve('2');",
        "export default defineTheorem({ id: 'helper_user', title: 'x ≤ 2 on [0, 1]', status: 'theorem', kind: 'upper', claim: 'x \\le 2',",
        "  refs: [{ key: 'toy', where: 'toy' }], hypotheses: unit, violations: fc.constant({ x: '3' }),",
        "  evaluate: (B, s: { x: string }) => ({ claims: [claims.le(B, B.num(s.x), B.num(two), B.num('0'), 'x<=2')] }) });",
        '',
      ].join('\n'),
    );
    const r = thm(dir, 'check', 'helper_user.theorem.ts', '--profile', 'quick', '--fixtures', path.join(dir, 'fx'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/helper_user .* holds/);
  }, 90_000);

  it('a file that does not load: exit 2, one line with file:line:column and the reason', () => {
    const dir = path.join(tmp, 'broken');
    fs.mkdirSync(dir);
    const cases: [string, string, RegExp][] = [
      [
        'syntax',
        "import { defineTheorem } from 'theoremcheck';\nvoid defineTheorem;\nconst x = (;\n",
        /syntax\.theorem\.ts:3:12: syntax error: Unexpected ";"/,
      ],
      ['empty', '', /empty\.theorem\.ts: the file is empty \(write `export default defineTheorem/],
      ['no_default', 'export const x = 1;\n', /no_default\.theorem\.ts: default export: missing/],
      [
        'not_theorem',
        'export default { id: 3 };\n',
        /not_theorem\.theorem\.ts: default export: must be the result of defineTheorem\(\{\.\.\.\}\), got object/,
      ],
      [
        'throws',
        'const o: { a?: { b: number } } = {};\nexport default o.a!.b;\n',
        /throws\.theorem\.ts:2:\d+: cannot be loaded \(Cannot read properties of undefined/,
      ],
      // a CommonJS dependency that throws: Node also raises it as an unhandled rejection, which must not crash the CLI
      [
        'cjs_dep',
        "import x from './dep.cjs';\nexport default x;\n",
        /cjs_dep\.theorem\.ts: cannot be loaded \(Cannot find module 'no-such-package'/,
      ],
    ];
    fs.writeFileSync(path.join(dir, 'dep.cjs'), "require('no-such-package');\n");
    const files = cases.map(([name, text]) => {
      fs.writeFileSync(path.join(dir, `${name}.theorem.ts`), text);
      return `${name}.theorem.ts`;
    });
    for (const [i, [, , msg]] of cases.entries()) {
      const r = thm(dir, 'check', files[i]!, '--profile', 'quick');
      expect(r.code, r.err).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/snake_case/);
    }
  }, 120_000);
});
