import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyTheorem } from './define.js';
import type { AnyBackend } from '../numeric/types.js';
import { claims } from './claims.js';
import * as spec from '../instances/index.js';
import { listFixtures, readFixture, serializeFixture, type FixtureWriter } from './fixtures.js';
import { specHash } from '../instances/canonical.js';
import { verifyTheorem } from './verify.js';
import squareLeOne from './testdata/toy_square_le_one.theorem.js';
import squareLeSelf from './testdata/toy_square_le_self.theorem.js';
import shiftCancels from './testdata/toy_shift_cancels.theorem.js';
import noTeeth from './testdata/toy_no_teeth.theorem.js';
import vacuous from './testdata/toy_vacuous.theorem.js';
import mostlyInconclusive from './testdata/toy_mostly_inconclusive.theorem.js';
import generatorBug from './testdata/toy_generator_bug.theorem.js';
import slow from './testdata/toy_slow.theorem.js';
import evaluateThrows from './testdata/toy_evaluate_throws.theorem.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-verify-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const quick = (t: AnyTheorem, dir: string | null = null) => verifyTheorem(t, { profile: 'quick', fixturesDir: dir });

describe('verifyTheorem', () => {
  it('a true inequality holds, passes, and its negative control is certified', async () => {
    const r = await quick(squareLeOne);
    expect(r.verdict).toBe('holds');
    expect(r.passed).toBe(true);
    expect(r.runs).toBe(25);
    expect(r.negativeControl.verdict).toBe('violated');
    expect(r.problems).toEqual([]);
  });

  it('a true inequality holds on dd with ci seeds, reproducibly', async () => {
    const a = await verifyTheorem(squareLeOne, { profile: 'ci', fixturesDir: null, runs: 30 });
    const b = await verifyTheorem(squareLeOne, { profile: 'ci', fixturesDir: null, runs: 30 });
    expect(a.backend).toBe('dd');
    expect(a.verdict).toBe('holds');
    expect([a.seed, a.minSlack]).toEqual([b.seed, b.minSlack]);
  });

  it('a false inequality is violated, certified at mpfr:50 and mpfr:100 (dec:50 cross-check), shrunk, and recorded as a fixture', async () => {
    const dir = path.join(tmp, 'false');
    const r = await quick(squareLeSelf, dir);
    expect(r.verdict).toBe('violated');
    expect(r.passed).toBe(false);
    const cx = r.counterexamples[0]!;
    expect(cx.spec).toEqual({ x: '1.015625' }); // 65/64: the smallest grid point above 1
    expect(cx.rungs.map((g) => `${g.backend}:${g.status}`)).toEqual([
      'f64:violated',
      'dec:50:violated',
      'mpfr:50:violated',
      'mpfr:100:violated',
    ]);
    expect(cx.replay).toMatch(/^npx thm replay .*\.json$/);
    const files = listFixtures(dir, 'toy_square_le_self');
    expect(files).toEqual([cx.fixture]);
    const fx = readFixture(files[0]!);
    expect(fx).toMatchObject({
      theorem: 'toy_square_le_self',
      spec: { x: '1.015625' },
      verdict: 'violated',
      status: 'open',
    });
    expect(fx.found).toMatchObject({ seed: r.seed, profile: 'quick', backend: 'f64' });
  });

  it('replays stored fixtures first and never overwrites them', async () => {
    const dir = path.join(tmp, 'replay');
    await quick(squareLeSelf, dir);
    const [file] = listFixtures(dir, 'toy_square_le_self');
    const before = fs.readFileSync(file!, 'utf8');
    const r = await quick(squareLeSelf, dir);
    expect(r.counterexamples.map((c) => c.phase)).toEqual(['fixture', 'generate']);
    expect(r.counterexamples[0]!.verdict).toBe('violated');
    expect(r.notes.join('\n')).toMatch(/already exists: kept/);
    expect(fs.readFileSync(file!, 'utf8')).toBe(before);
  });

  it('a fixture marked fixed that fails again fails the run', async () => {
    const dir = path.join(tmp, 'fixed');
    await quick(squareLeSelf, dir);
    const [file] = listFixtures(dir, 'toy_square_le_self');
    fs.writeFileSync(file!, serializeFixture({ ...readFixture(file!), status: 'fixed' }));
    const r = await quick(squareLeSelf, dir);
    expect(r.problems.join('\n')).toMatch(/regression: .* is marked fixed but is violated again/);
  });

  it('a violated conjecture is a finding, not a failure', async () => {
    const r = await quick({ ...squareLeSelf, status: 'conjecture' });
    expect([r.verdict, r.finding, r.passed]).toEqual(['violated', true, true]);
  });

  it('a claim that fails in f64 only by rounding is a precision artifact, not a counterexample', async () => {
    const dir = path.join(tmp, 'artifact');
    const r = await quick(shiftCancels, dir);
    expect(r.verdict).toBe('precision_artifact');
    expect(r.counterexamples[0]!.rungs.map((g) => g.status)).toEqual(['violated', 'ok', 'ok']);
    expect(listFixtures(dir, 'toy_shift_cancels')).toEqual([]);
  });

  it('fails a theorem whose negative control produces no violation (no teeth)', async () => {
    const r = await quick(noTeeth);
    expect(r.verdict).toBe('holds');
    expect(r.passed).toBe(false);
    expect(r.problems.join('\n')).toMatch(/negative control: no certified violation in 25 samples/);
  });

  it('health fails when every sample is vacuous', async () => {
    const r = await quick(vacuous);
    expect(r.passed).toBe(false);
    expect(r.problems.join('\n')).toMatch(/health: every sample was vacuous/);
  });

  it('health fails when more than half of the samples are inconclusive', async () => {
    const r = await quick(mostlyInconclusive);
    expect(r.passed).toBe(false);
    expect(r.discarded * 2).toBeGreaterThan(r.runs);
    expect(r.problems.join('\n')).toMatch(/health: \d+ of 25 samples were discarded/);
  });

  it('an instance outside the hypotheses is hypothesis_violated (a generator bug) and fails', async () => {
    const r = await quick(generatorBug);
    expect([r.verdict, r.passed]).toEqual(['hypothesis_violated', false]);
    expect(r.counterexamples[0]!.spec).toEqual({ x: '1.015625' });
  });

  it('a slow evaluate ends in budget_exhausted within its time budget', async () => {
    const r = await quick(slow);
    expect(r.verdict).toBe('budget_exhausted');
    expect(r.passed).toBe(false);
    expect(r.timeMs).toBeLessThan(2_000);
  });

  it('a tight witness must reach equality within the tolerance', async () => {
    const r = await quick({ ...squareLeOne, kind: 'tight', witnesses: [{ x: '0.5' }] });
    expect(r.problems.join('\n')).toMatch(/witness 0 is not tight/);
    expect((await quick({ ...squareLeOne, kind: 'tight' })).problems).toEqual([]);
  });
});

describe('verifyTheorem: theorem-file errors are not counterexamples', () => {
  const file = path.join('src', 'theorem', 'testdata', 'toy_square_le_one.theorem.ts');
  const evaluateLine =
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('evaluate(')) + 1;

  it('an evaluate that throws is a theorem_error at the throwing line of the theorem file, writes no fixture, fails', async () => {
    const dir = path.join(tmp, 'throws');
    const src = path.join('src', 'theorem', 'testdata', 'toy_evaluate_throws.theorem.ts');
    const bugLine =
      fs
        .readFileSync(src, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('spec.extra!.y')) + 1;
    const r = await verifyTheorem(evaluateThrows, { profile: 'quick', fixturesDir: dir, file: src });
    expect([r.verdict, r.passed]).toEqual(['theorem_error', false]);
    const cx = r.counterexamples.find((c) => c.phase === 'generate')!;
    expect(cx.reason).toMatch(/^evaluate threw TypeError: .*y/);
    expect(cx.location).toBe(`${src}:${bugLine}`);
    expect(cx.spec).toEqual({ x: '1.015625' }); // shrunk to the first x > 1 on the grid
    expect(listFixtures(dir, 'toy_evaluate_throws')).toEqual([]);
  });

  it.each([
    ['a number', () => 3, /evaluate returned the number 3, not Evidence/],
    ['{}', () => ({}), /evaluate returned an empty object \{\}, not Evidence/],
    ['a Promise', () => Promise.resolve({ claims: [] }), /evaluate returned a Promise.*synchronous/],
    [
      'a JS NaN in a claim',
      () => ({ claims: [{ label: 'k', lhs: NaN, rel: '<=', rhs: '1', err: '0' }] }),
      /claims\[0\]\.lhs \(k\) is the number NaN, not an exact decimal string/,
    ],
    [
      'a non-decimal string in a claim',
      () => ({ claims: [{ label: 'k', lhs: '1', rel: '<=', rhs: 'one', err: '0' }] }),
      /claims\[0\]\.rhs \(k\) is the string "one"/,
    ],
  ])('evaluate returning %s is a theorem_error located at evaluate', async (_what, evaluate, msg) => {
    const dir = path.join(tmp, `bad-return-${_what.replace(/\W+/g, '-')}`);
    const r = await verifyTheorem({ ...squareLeOne, evaluate } as unknown as AnyTheorem, {
      profile: 'quick',
      fixturesDir: dir,
      file,
    });
    expect([r.verdict, r.passed]).toEqual(['theorem_error', false]);
    expect(r.counterexamples[0]!.reason).toMatch(msg);
    expect(r.counterexamples[0]!.location).toBe(`${file}:${evaluateLine}`);
    expect(fs.existsSync(dir)).toBe(false); // no fixture (not even the folder)
  });

  it.each([
    ['Infinity', Infinity, /hypotheses produced spec\.x is the number Infinity/],
    ['NaN', NaN, /hypotheses produced spec\.x is the number NaN/],
    ['"1.2.3"', '1.2.3', /hypotheses produced spec\.x is "1\.2\.3": not an exact decimal string/],
    ['"Infinity"', 'Infinity', /hypotheses produced spec\.x is "Infinity": not a finite number/],
  ])(
    'a generator producing %s is a theorem_error (not hypothesis_violated, not a counterexample)',
    async (_what, x, msg) => {
      const dir = path.join(tmp, `bad-gen-${String(x)}`);
      const r = await verifyTheorem({ ...squareLeOne, witnesses: [], hypotheses: fc.constant({ x }) } as AnyTheorem, {
        profile: 'quick',
        fixturesDir: dir,
        file,
      });
      expect([r.verdict, r.passed]).toEqual(['theorem_error', false]);
      expect(r.counterexamples[0]!.reason).toMatch(msg);
      expect(r.counterexamples[0]!.location).toMatch(new RegExp(`^${file.replace(/[./]/g, '\\$&')}:\\d+$`));
      expect(fs.existsSync(dir)).toBe(false);
    },
  );

  it('a claim that is not finite at any precision is a theorem_error (classify divergence), with no fixture', async () => {
    const dir = path.join(tmp, 'nan');
    const nan = {
      ...squareLeOne,
      witnesses: [],
      evaluate: () => ({ claims: [{ label: 'k', lhs: 'NaN', rel: '<=', rhs: '1', err: '0' }] }),
    } as unknown as AnyTheorem;
    const r = await verifyTheorem(nan, { profile: 'quick', fixturesDir: dir });
    expect(r.verdict).toBe('theorem_error');
    expect(r.counterexamples[0]!.reason).toMatch(/not a finite number at every precision/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('hypothesis_violated keeps its meaning (a generator breaking its own hypotheses)', async () => {
    expect((await quick(generatorBug)).verdict).toBe('hypothesis_violated');
  });
});

describe('verifyTheorem: nothing found is lost', () => {
  const enospc = (): FixtureWriter => ({
    ...fs,
    mkdirSync: fs.mkdirSync,
    existsSync: fs.existsSync,
    rmSync: fs.rmSync,
    linkSync: fs.linkSync,
    writeFileSync: (file: string) => {
      fs.writeFileSync(file, '{"partial'); // a full disk leaves a partial temp file behind the error
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC' });
    },
  });

  it('a counterexample that cannot be written is still reported violated, with a warning naming the path and the OS error', async () => {
    const dir = path.join(tmp, 'full');
    const r = await verifyTheorem(squareLeSelf, { profile: 'quick', fixturesDir: dir, fixtureWriter: enospc() });
    expect([r.verdict, r.passed]).toEqual(['violated', false]);
    const cx = r.counterexamples.find((c) => c.phase === 'generate')!;
    expect(cx.spec).toEqual({ x: '1.015625' });
    expect(cx.claims.map((c) => c.label)).toEqual(['x^2<=x']);
    expect(cx.fixture).toBeUndefined();
    expect(cx.fixtureError).toMatch(/toy_square_le_self\/[0-9a-f]{12}\.json \(ENOSPC: no space left on device\)$/);
    expect(cx.replay).toMatch(/^npx thm check toy_square_le_self --profile quick --seed -?\d+$/);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /counterexample NOT saved: cannot write .*toy_square_le_self\/[0-9a-f]{12}\.json \(ENOSPC: no space left on device\)/,
    );
    // the atomic write leaves no temp file on the error path
    expect(fs.readdirSync(path.join(dir, 'toy_square_le_self'))).toEqual([]);
  });

  it('a finding (violated conjecture) that cannot be saved fails the run', async () => {
    const r = await verifyTheorem(
      { ...squareLeSelf, status: 'conjecture' },
      { profile: 'quick', fixturesDir: path.join(tmp, 'full2'), fixtureWriter: enospc() },
    );
    expect([r.verdict, r.finding, r.passed]).toEqual(['violated', true, false]);
  });
});

describe('verifyTheorem: a bad stored fixture is a problem of its own', () => {
  it('corrupt, misplaced, misnamed or mis-shaped fixtures are reported with file and field; the good one and the other phases still run', async () => {
    const dir = path.join(tmp, 'corrupt');
    await quick(squareLeSelf, dir);
    const [good] = listFixtures(dir, 'toy_square_le_self');
    const fx = readFixture(good!);
    const d = path.join(dir, 'toy_square_le_self');
    const put = (name: string, text: string) => fs.writeFileSync(path.join(d, name), text);
    const asFile = (spec: unknown) => `${specHash(spec)}.json`;
    put('0badjson.json', '{ "theorem": ');
    put('1status.json', serializeFixture({ ...fx, status: 'wontfix' as never }));
    put(asFile({ x: '1.5' }), serializeFixture({ ...fx, theorem: 'toy_square_le_one', spec: { x: '1.5' } }));
    put('2renamed.json', serializeFixture({ ...fx, spec: { x: '1.75' } }));
    put(asFile({ x: '1.25', lr: '1' }), serializeFixture({ ...fx, spec: { x: '1.25', lr: '1' } }));
    put(asFile({ x: ['1.25'] }), serializeFixture({ ...fx, spec: { x: ['1.25'] } }));
    put(asFile({ y: '1.25' }), serializeFixture({ ...fx, spec: { y: '1.25' } }));
    const r = await quick(squareLeSelf, dir);
    const got = r.fixtureProblems.map((p) => [path.basename(p.file), p.field]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['0badjson.json', 'JSON'],
        ['1status.json', 'status'],
        [asFile({ x: '1.5' }), 'theorem'],
        ['2renamed.json', 'spec'],
        [asFile({ x: '1.25', lr: '1' }), 'spec.lr'],
        [asFile({ x: ['1.25'] }), 'spec.x'],
        [asFile({ y: '1.25' }), 'spec.y'],
      ]),
    );
    expect(got).toHaveLength(7);
    for (const p of r.fixtureProblems) expect(p.message.startsWith(`${p.file}: ${p.field}: `)).toBe(true);
    expect(r.fixtureProblems.find((p) => p.field === 'spec.lr')!.message).toMatch(/unknown field/);
    // the good fixture was replayed and generation still ran
    expect(r.counterexamples.map((c) => [c.phase, c.verdict])).toEqual([
      ['fixture', 'violated'],
      ['generate', 'violated'],
    ]);
    expect(r.passed).toBe(false);
  });
});

describe('verifyTheorem: generators and health', () => {
  it('a generator that throws (e.g. a capped search giving up) is a theorem_error naming the generator, not an internal error', async () => {
    const hyp = fc.integer({ min: 0, max: 4 }).map(() => spec.rational.largestDyadicBelow(0.5, 8, () => true));
    const r = await verifyTheorem(
      { ...squareLeOne, witnesses: [], hypotheses: hyp.map((x) => ({ x })) } as AnyTheorem,
      { profile: 'quick', fixturesDir: null },
    );
    expect([r.verdict, r.passed]).toEqual(['theorem_error', false]);
    expect(r.counterexamples[0]!.reason).toMatch(
      /^hypotheses threw RangeError: largestDyadicBelow: still stepping up after 1000000 steps/,
    );
  }, 30_000);

  it('health is judged only on a generate phase that ran to its end', async () => {
    const vacuousThenFalse = {
      ...squareLeSelf,
      evaluate: (B: AnyBackend, { x }: { x: string }) => {
        const v = B.num(x);
        const x2 = B.mul(v, v);
        return { claims: [claims.le(B, x2, B.cmp(v, B.one) > 0 ? v : B.num('1e15'), claims.roundoff(B, 2, x2), 'k')] };
      },
    } as AnyTheorem;
    const r = await quick(vacuousThenFalse);
    expect(r.verdict).toBe('violated');
    expect(r.healthJudged).toBe(false);
    expect(r.problems.filter((p) => p.startsWith('health'))).toEqual([]);
    const full = await quick(vacuous);
    expect([full.healthJudged, full.problems.some((p) => p.startsWith('health: every sample was vacuous'))]).toEqual([
      true,
      true,
    ]);
  });
});

describe('verifyTheorem: the negative control', () => {
  it('a `violations` generator producing Infinity is a theorem_error of the negative phase, not "no teeth"', async () => {
    const r = await verifyTheorem({ ...squareLeOne, violations: fc.constant({ x: -Infinity }) } as AnyTheorem, {
      profile: 'quick',
      fixturesDir: null,
    });
    expect([r.verdict, r.passed, r.negativeControl.verdict]).toEqual(['theorem_error', false, 'theorem_error']);
    expect(r.counterexamples.map((c) => [c.phase, c.verdict])).toEqual([['negative', 'theorem_error']]);
    expect(r.counterexamples[0]!.reason).toMatch(/violations produced spec\.x is the number -Infinity/);
    expect(r.problems.join('\n')).not.toMatch(/no teeth/);
  });
});

describe('verifyTheorem: result fields (mutation testing)', () => {
  it("a violated theorem is a failure, not a finding, and its replay line is the counterexample's", async () => {
    const r = await quick(squareLeSelf, path.join(tmp, 'fields-violated'));
    expect([r.verdict, r.finding, r.passed]).toEqual(['violated', false, false]);
    expect(r.replay).toBe(r.counterexamples[0]!.replay);
  });

  it('a theorem that holds is no finding; its replay line re-runs the check with its seed; file only when given', async () => {
    const r = await quick(squareLeOne);
    expect([r.verdict, r.finding]).toEqual(['holds', false]);
    expect(r.replay).toBe(`npx thm check ${squareLeOne.id} --profile quick --seed ${r.seed}`);
    expect('file' in r).toBe(false);
    const f = await verifyTheorem(squareLeOne, { profile: 'quick', fixturesDir: null, file: 'mine.theorem.ts' });
    expect(f.file).toBe('mine.theorem.ts');
  });
});
