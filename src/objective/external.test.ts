/**
 * A user's own objective, brought from a theorem file OUTSIDE the repository: testdata/huber_gd_worst_case.theorem.ts
 * (GD on a 1-D Huber family, Drori–Teboulle's worst case, claims on balls from the objective's ball error model) is
 * copied into a temporary folder with its import pointed at the library's entry point, and `thm check` runs on it as
 * a real process. It must hold with its negative control violated; the same file with a bound too strong by 2× must
 * fail (exit 1), so the check has teeth.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckDocument } from '../cli/checkJson.js';
import { sandbox } from '../testing/thm.js';
import { PROJECT_ROOT } from '../theorem/discover.js';

const SOURCE = path.join(PROJECT_ROOT, 'src', 'objective', 'testdata', 'huber_gd_worst_case.theorem.ts');
const sb = sandbox('thm-user-objective', 180_000);
afterAll(() => sb.cleanup());

/** The theorem file in its own folder outside the checkout, importing the library by absolute path. */
function external(dir: string, edit: (src: string) => string = (s) => s): string {
  const folder = path.join(sb.tmp, dir);
  fs.mkdirSync(folder);
  const src = fs.readFileSync(SOURCE, 'utf8');
  const entry = JSON.stringify(path.join(PROJECT_ROOT, 'src', 'index.ts'));
  expect(src).toContain(`from '../../index.js';`);
  const file = path.join(folder, 'huber_gd_worst_case.theorem.ts');
  fs.writeFileSync(file, edit(src.replace(`from '../../index.js';`, `from ${entry};`)));
  expect(path.relative(PROJECT_ROOT, file).startsWith('..')).toBe(true);
  return file;
}

function check(file: string, tag: string): { code: number | null; out: string; doc: CheckDocument } {
  const json = path.join(sb.tmp, `${tag}.json`);
  const r = sb.thmWith(
    { cwd: path.dirname(file) },
    'check',
    file,
    '--profile',
    'quick',
    '--runs',
    '25',
    '--fixtures',
    path.join(sb.tmp, `fx-${tag}`),
    '--json',
    json,
  );
  expect(fs.existsSync(json), r.err).toBe(true);
  return { code: r.code, out: r.out + r.err, doc: JSON.parse(fs.readFileSync(json, 'utf8')) as CheckDocument };
}

describe('a user objective from a theorem file outside the repository (thm check, real process)', () => {
  it('GD on the Huber family holds on balls, the tight witness is reached, and the negative control is violated', () => {
    const r = check(external('holds'), 'holds');
    expect(r.code, r.out).toBe(0);
    const t = r.doc.results[0]!;
    expect(t.id).toBe('huber_gd_worst_case');
    expect(t.verdict).toBe('holds');
    expect(t.runs).toBeGreaterThanOrEqual(25);
    expect(t.negativeControl.verdict).toBe('violated');
    expect(t.problems).toEqual([]);
  });

  it('the same file with a bound 2× too strong (C = 8) fails: exit 1, violated', () => {
    const r = check(
      external('broken', (s) => s.replace('const C = 4;', 'const C = 8;')),
      'broken',
    );
    expect(r.code, r.out).toBe(1);
    expect(r.doc.results[0]!.verdict).toBe('violated');
  });

  it('the same theorem on a bare { B, dim, value, grad } (no error model): the output names errorModel and how to add it', () => {
    const bare = (s: string) =>
      s.replace(
        'const F = fieldObjective(B, huber(s.L, s.delta));',
        'const H = fieldObjective(B, huber(s.L, s.delta));\n    const F = { B, dim: 1, value: H.value, grad: H.grad };',
      );
    const r = check(external('bare', bare), 'bare');
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain(
      "InputError: gradWithError needs the objective's errorModel, which it does not have: add errorModel: { value(θ) → ball, grad(θ) → vector ball }",
    );
    expect(r.out).toContain('fieldObjective(B, { dim, value, grad })');
  });
});
