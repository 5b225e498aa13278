/**
 * Fault injection through the real CLI: a broken GD stepper (a wrong factor, θ⁺ = θ − (η/2)∇F) injected into the
 * catalogue's GD theorems from theorem files OUTSIDE the repository must make both fail with certified counterexamples
 * written to a temporary fixtures directory, and `thm replay` must reproduce them at every rung. Also: a user's own
 * theorem file outside the repository is checked by path, and malformed theorem files / fixtures are one-line input
 * errors with exit 2 (the cases src/cli/cli.test.ts does not already cover).
 *
 * Real processes (node + tsx start-up, ~1 s each): kept to 1 check + 2 replays + a few error cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/theorem/discover.js';
import { sandbox } from '../src/testing/thm.js';

// results and default fixtures in a temporary folder; the checkout's own are compared after every process
const sb = sandbox('thm-inject');
afterAll(() => sb.cleanup());
const { tmp, thm } = sb;

const abs = (...p: string[]) => path.join(PROJECT_ROOT, ...p);
const INDEX = abs('src', 'index.ts');
const SHARP = 'gd_limit_sharpness_le_two_over_lr';
const DESCENT = 'gd_descent_lemma_of_lr_lt_two_over_L';
const USER = 'my_gd_contracts_of_lr_lt_two_over_L';

/** A theorem file outside the repo that rebuilds a catalogue theorem around the broken stepper. */
const injected = (builderFile: string, builder: string) => `
import { gd } from ${JSON.stringify(INDEX)};
import { ${builder} } from ${JSON.stringify(builderFile)};
// broken stepper: θ⁺ = θ − (η/2)∇F (a wrong factor in the update)
export default ${builder}((B, lr) => gd(B, { lr: B.mul(B.num('0.5'), lr as never) }));
`;

/** The README's "Writing a theorem" example (true: it must hold), importing the package entry by absolute path. */
const userTheorem = `
import { claims, defineTheorem, gd, quadratic, run, spec } from ${JSON.stringify(INDEX)};
const instance = (u: ReturnType<typeof spec.openUnit>) =>
  spec.record({ L: spec.dyadic({ min: '0.25', max: '8', bits: 4 }), theta0: spec.nonzeroDyadic(), u });
export default defineTheorem({
  id: '${USER}',
  title: 'GD on ½Lθ² with η = u·2/L, u < 1, shrinks |θ| at every step',
  status: 'theorem', kind: 'upper',
  claim: String.raw\`0<\\eta<2/L \\implies |\\theta_{k+1}| \\le |\\theta_k|\`,
  refs: [{ key: 'Nesterov2018', where: 'Lectures on Convex Optimization, Lemma 1.2.3' }],
  hypotheses: instance(spec.openUnit({ bits: 8 })),
  violations: instance(spec.unitInterval({ lo: '1', hi: '1.5', bits: 8 })),
  evaluate(B, s) {
    const L = B.num(s.L);
    const lr = B.mul(B.num(s.u), B.div(B.int(2), L));
    const sol = run(quadratic(B, { A: B.mat([[s.L]]), L }), gd(B, { lr }), B.vec([s.theta0]), { steps: 20, save: { every: 1 } });
    return { claims: claims.everyStep(sol.trajectory, (p, q) => {
      const [a, b] = [B.abs(B.at(p.theta, 0)), B.abs(B.at(q.theta, 0))];
      return claims.le(B, b, a, claims.roundoff(B, 16, a), 'contracts'); // θ − η·Lθ: ≤ 8 roundings of terms ≤ 2|θ|
    }) };
  },
});
`;

function write(rel: string, text: string): string {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  return f;
}

interface JsonResult {
  id: string;
  verdict: string;
  passed: boolean;
  counterexamples: { verdict: string; fixture?: string; spec: unknown }[];
}

describe('fault injection and user theorem files (real thm processes)', () => {
  it('a broken stepper (θ⁺ = θ − (η/2)∇F) makes both GD theorems fail with certified counterexamples in a temp fixtures dir, and thm replay reproduces each at every rung; a user theorem outside the repo holds', () => {
    const sharp = write(
      `inject/${SHARP}.theorem.ts`,
      injected(abs('properties', 'stability', `${SHARP}.theorem.ts`), 'limitSharpness'),
    );
    const descent = write(
      `inject/${DESCENT}.theorem.ts`,
      injected(abs('properties', 'smooth', `${DESCENT}.theorem.ts`), 'descentLemma'),
    );
    const user = write(`user/${USER}.theorem.ts`, userTheorem);
    const fixtures = path.join(tmp, 'fx');
    const json = path.join(tmp, 'out.json');

    const r = thm('check', sharp, descent, user, '--profile', 'quick', '--fixtures', fixtures, '--json', json);
    expect(r.code, r.err).toBe(1);
    const results = (JSON.parse(fs.readFileSync(json, 'utf8')) as { results: JsonResult[] }).results;
    const byId = new Map(results.map((x) => [x.id, x]));
    expect(byId.get(USER)).toMatchObject({ verdict: 'holds', passed: true });
    for (const [id, file] of [
      [SHARP, sharp],
      [DESCENT, descent],
    ] as const) {
      const res = byId.get(id)!;
      expect(res, id).toMatchObject({ verdict: 'violated', passed: false });
      const cx = res.counterexamples.find((c) => c.verdict === 'violated' && c.fixture !== undefined);
      expect(cx, `${id}: a certified counterexample with a fixture`).toBeDefined();
      const fixture = path.resolve(PROJECT_ROOT, cx!.fixture!);
      expect(fixture.startsWith(fixtures + path.sep), `${fixture} is in the temp fixtures dir`).toBe(true);
      expect(JSON.parse(fs.readFileSync(fixture, 'utf8'))).toMatchObject({
        theorem: id,
        verdict: 'violated',
        spec: cx!.spec,
      });

      const replay = thm('replay', fixture, '--theorem', file);
      expect(replay.code, replay.err).toBe(1);
      expect(replay.out).toMatch(
        /f64 +violated[\s\S]*dd +violated[\s\S]*dec:50 +violated[\s\S]*mpfr:50 +violated[\s\S]*mpfr:100 +violated/,
      );
      expect(replay.out).toMatch(
        /verdict: violated — certified at mpfr:50 and mpfr:100: .*; cross-check dec:50 agrees/,
      );
    }
    // the injected copies wrote nothing into the repository's own corpus
    for (const id of [SHARP, DESCENT]) {
      const dir = abs('fixtures', 'counterexamples', id);
      const mine = fs.existsSync(dir)
        ? fs.readdirSync(dir).filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(tmp))
        : [];
      expect(mine).toEqual([]);
    }
  }, 90_000);

  it('malformed theorem files and fixtures are one-line input errors with exit 2', () => {
    const syntax = write(`bad/${USER}.theorem.ts`, 'export default defineTheorem({ id: \n');
    const noDefault = write(
      `bad2/${USER}.theorem.ts`,
      `import { defineTheorem } from ${JSON.stringify(INDEX)};\nexport const x = 1;\n`,
    );
    const wrongId = write(`bad3/other_name.theorem.ts`, userTheorem);
    const notJson = write('bad.json', '{ "theorem": ');
    const orphan = write(
      'orphan.json',
      JSON.stringify({
        theorem: 'not_in_catalogue',
        spec: {},
        verdict: 'violated',
        status: 'open',
        claims: [],
        found: {},
      }),
    );
    const mismatch = write(
      'mismatch.json',
      JSON.stringify({ theorem: SHARP, spec: {}, verdict: 'violated', status: 'open', claims: [], found: {} }),
    );
    const userFile = write(`ok/${USER}.theorem.ts`, userTheorem);
    for (const [args, msg] of [
      [['check', syntax], /\.theorem\.ts:2:1: syntax error: Unexpected end of file/],
      [['check', noDefault], /default export: missing/],
      [['check', wrongId], /id: "my_gd_contracts_of_lr_lt_two_over_L" differs from the file name/],
      [['replay', notJson], /not valid JSON/],
      [['replay', orphan], /theorem "not_in_catalogue" is not in the catalogue \(pass --theorem/],
      [
        ['replay', mismatch, '--theorem', userFile],
        /is my_gd_contracts_of_lr_lt_two_over_L, but the fixture is for gd_limit_sharpness_le_two_over_lr/,
      ],
    ] as const) {
      const r = thm(...args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
  }, 60_000);
});
