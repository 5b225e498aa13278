import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findTheoremFiles,
  headingAnchor,
  importsOf,
  lintCatalogue,
  loadTheoremFile,
  markdownAnchors,
  PROJECT_ROOT,
  refProblems,
} from './discover.js';

// inside the project, so that tsx/vitest resolve the imports of the generated files
fs.mkdirSync(path.join(PROJECT_ROOT, '.tmp'), { recursive: true });
const tmp = fs.mkdtempSync(path.join(PROJECT_ROOT, '.tmp', 'discover-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const api = path.join(PROJECT_ROOT, 'src', 'theorem', 'api.js');
function theoremFile(rel: string, id: string, imports = `import { claims, defineTheorem } from '${api}';`): string {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(
    f,
    `import fc from 'fast-check';\n${imports}\nvoid claims;\nexport default defineTheorem({ id: '${id}', title: 't', status: 'theorem', kind: 'upper', claim: 'x',
  refs: [{ key: 'k', where: 'w' }], hypotheses: fc.constant({}), violations: fc.constant({}), evaluate: () => ({ claims: [] }) });\n`,
  );
  return f;
}

// The outside-note names the lint rejects, built from parts so this file does not cite them itself.
const NOTE = ['theorems', 'A'].join('-');
const DESIGN_REF = ['DESIGN', '§'].join(' ');
const SHARED = ['..', 'sha' + 'red', 'theorems', 'A.md'].join('/');

describe('discovery', () => {
  it('finds *.theorem.ts files recursively, sorted', () => {
    theoremFile('b/two.theorem.ts', 'two');
    theoremFile('a/one.theorem.ts', 'one');
    expect(findTheoremFiles(tmp).map((f) => path.relative(tmp, f))).toEqual(['a/one.theorem.ts', 'b/two.theorem.ts']);
  });

  it('loads a theorem file and reports its area', async () => {
    const t = await loadTheoremFile(theoremFile('area/good_one.theorem.ts', 'good_one'), tmp);
    expect([t.theorem.id, t.area]).toEqual(['good_one', 'area']);
  });

  it('rejects a file whose id differs from its name, in one line', async () => {
    await expect(loadTheoremFile(theoremFile('x/named_a.theorem.ts', 'named_b'), tmp)).rejects.toThrow(
      /id: "named_b" differs from the file name/,
    );
  });

  it('rejects a file without a default export', async () => {
    const f = path.join(tmp, 'x', 'empty.theorem.ts');
    fs.writeFileSync(f, 'export const x = 1;\n');
    await expect(loadTheoremFile(f, tmp)).rejects.toThrow(/default export: missing/);
  });

  it('lint: stray files, imports of engine internals and colliding ids', async () => {
    const dir = path.join(tmp, 'lint');
    const a = await loadTheoremFile(theoremFile('lint/p/same_id.theorem.ts', 'same_id'), dir);
    const b = await loadTheoremFile(theoremFile('lint/q/same_id.theorem.ts', 'same_id'), dir);
    theoremFile('lint/p/typo.theorm.ts', 'typo');
    theoremFile(
      'lint/p/internal.theorem.ts',
      'internal',
      `import { claims, defineTheorem } from '${api}';\nimport { gd } from '../../../../src/dynamics/gd.js';`,
    );
    theoremFile(
      'lint/p/env_reader.theorem.ts',
      'env_reader',
      `import { claims, defineTheorem } from '${api}';\nconst N = process.env.THM_PROFILE === 'nightly'; // profile by hand\nvoid N;`,
    );
    theoremFile(
      'lint/p/env_comment.theorem.ts',
      'env_comment',
      `import { claims, defineTheorem } from '${api}';\n// not process.env: the profile comes from the framework\n/* process.env */`,
    );
    fs.writeFileSync(path.join(dir, 'p', 'notes.lib.ts'), `// derivation: ${NOTE} §1.3\nexport const x = 1;\n`);
    fs.writeFileSync(path.join(dir, 'p', 'design.test.ts'), `// phases as in ${DESIGN_REF}6\n`);
    fs.writeFileSync(
      path.join(dir, 'p', 'own.lib.ts'),
      '// derivation: docs/theorems/eos.md E3; A = QΛQᵀ §2\nexport const y = 1;\n',
    );
    const problems = lintCatalogue(dir, [a, b]).join('\n');
    expect(problems).toContain(`notes.lib.ts: cites "${NOTE}", a note outside this repository`);
    expect(problems).toContain(`design.test.ts: cites "${DESIGN_REF}"`);
    expect(problems).not.toMatch(/own\.lib\.ts/);
    expect(problems).toMatch(/env_reader\.theorem\.ts: reads process\.env/);
    expect(problems).not.toMatch(/env_comment\.theorem\.ts: reads/);
    expect(problems).toMatch(/typo\.theorm\.ts: not run/);
    expect(problems).toMatch(/internal\.theorem\.ts: imports ".*src\/dynamics\/gd\.js"/);
    expect(problems).toMatch(/id same_id collides/);
  });

  it('reads import specifiers of every form', () => {
    expect(
      importsOf(
        `import fc from 'fast-check';\nimport type { X } from "./a.js";\nexport { y } from '../b.js';\nconst m = await import('c');\nimport 'd';`,
      ),
    ).toEqual(['fast-check', './a.js', '../b.js', 'c', 'd']);
  });

  it('refs lint: a key must name a file (and heading) of this repository or a bibliography heading; arXiv ids must be listed', () => {
    expect(
      refProblems([
        { key: 'docs/theorems/eos.md#e3-gd-imbalance-recurrence' },
        { key: 'docs/theorems/eos.md' },
        { key: 'Nesterov2018' },
        { arxiv: '2501.09137' },
        { arxiv: '1710.10345', key: 'docs/theorems/maxmargin.md#m5-rates' },
      ]),
    ).toEqual([]);
    const bad = refProblems([
      { key: NOTE },
      { key: 'docs/theorems/eos.md#no-such-heading' },
      { key: 'docs/theorems/nope.md#x' },
      { key: SHARED },
      { arxiv: '9999.99999' },
      { arxiv: 'arXiv:2501.09137' },
    ]);
    expect(bad).toHaveLength(6);
    expect(bad[0]).toContain(`refs[0].key: "${NOTE}" points nowhere`);
    expect(bad[1]).toMatch(/refs\[1\]\.key: .* has no heading #no-such-heading/);
    expect(bad[2]).toMatch(/refs\[2\]\.key: .*no file docs\/theorems\/nope\.md/);
    expect(bad[3]).toMatch(/refs\[3\]\.key: .*no file \.\.\//);
    expect(bad[4]).toMatch(/refs\[4\]\.arxiv: 9999\.99999 is not listed in docs\/theorems\/references\.md/);
    expect(bad[5]).toMatch(/refs\[5\]\.arxiv: "arXiv:2501\.09137" is not an arXiv id/);
  });

  it('heading anchors as GitHub makes them', () => {
    expect(headingAnchor('E3. GD imbalance recurrence')).toBe('e3-gd-imbalance-recurrence');
    expect(headingAnchor('M4. Direction and residual: Theorems 3 and 4')).toBe(
      'm4-direction-and-residual-theorems-3-and-4',
    );
    expect([...markdownAnchors('# A\n```\n# not a heading\n```\n## A\n### B c\n')]).toEqual(['a', 'a-1', 'b-c']);
  });
});
