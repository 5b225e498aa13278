import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckDocument } from '../cli/checkJson.js';
import { sandbox } from '../testing/thm.js';
import { ballArith } from '../ball/index.js';
import { claimText, falseAlarmLine } from '../cli/format.js';
import { f64Backend } from '../numeric/f64.js';
import { ddBackend } from '../numeric/dd.js';
import { judge } from './claims.js';
import { evaluateOn, referee } from './referee.js';
import {
  addFalseAlarm,
  bernsteinRadius,
  falseAlarm,
  meanClaim,
  RERUN_FACTOR,
  rerunSampling,
  rerunSeed,
} from './statistical.js';
import { verifyTheorem } from './verify.js';
import toy from './testdata/toy_stat_mean.theorem.js';

describe('the empirical Bernstein radius', () => {
  it('is √(2V ln(4/δ)/n) + 7w ln(4/δ)/(3(n − 1)), rounded up', () => {
    const l = Math.log(400);
    const want = Math.sqrt((2 * 0.25 * l) / 100) + (7 * 2 * l) / (3 * 99);
    const got = Number(bernsteinRadius(100, '0.25', '2', '0.01'));
    expect(got).toBeGreaterThanOrEqual(want);
    expect(got).toBeLessThan(want * (1 + 1e-7));
  });
});

describe('meanClaim', () => {
  const B = ddBackend();
  const A = ballArith(B);
  const xs = ['0.25', '0.75', '0.5', '1'].map((x) => A.exact(B.num(x)));

  it('judges the sample mean against rhs with the radius in its bar and states δ and n', () => {
    const c = meanClaim(B, xs, ['0', '1'], '<=', A.exact(B.num('0.5')), '0.05', 'm');
    expect(c.lhs).toBe('0.625');
    expect(c.statistical).toEqual({ delta: '0.05', samples: 4 });
    const v = ((0.25 - 0.625) ** 2 + (0.75 - 0.625) ** 2 + (0.5 - 0.625) ** 2 + (1 - 0.625) ** 2) / 3;
    expect(Number(c.err)).toBeGreaterThanOrEqual(Number(bernsteinRadius(4, String(v), '1', '0.05')));
    expect(judge(c).status).toBe('within'); // 4 samples say little: the bar is wider than 0.125
    expect(claimText(c)).toMatch(/\[statistical: δ = 0\.05, n = 4\]$/);
  });

  it('throws when a sample leaves the stated range, or δ is not in (0, 1)', () => {
    expect(() => meanClaim(B, xs, ['0', '0.9'], '<=', A.exact(B.one), '0.05', 'm')).toThrow(
      /not inside the stated range/,
    );
    expect(() => meanClaim(B, xs, ['0', '1'], '<=', A.exact(B.one), '1', 'm')).toThrow(/delta 1 must be in \(0, 1\)/);
    expect(() => meanClaim(B, xs.slice(0, 1), ['0', '1'], '<=', A.exact(B.one), '0.05', 'm')).toThrow(/at least 2/);
  });

  it('covers the true mean ½ of uniform samples on 40 fixed seeds (δ = 0.01 each)', () => {
    const F = f64Backend();
    const misses = Array.from({ length: 40 }, (_, seed) => {
      const ev = toy.evaluate(F as never, { bound: '0.5', sampling: { seed, samples: 50 } });
      const c = ev.claims[0]!;
      return Math.abs(Number(c.lhs) - 0.5) > Number(c.err);
    }).filter(Boolean).length;
    expect(misses).toBe(0);
  });
});

describe('rerunSampling', () => {
  it('derives a different seed and RERUN_FACTOR times the samples; null without a sampling field', () => {
    const r = rerunSampling({ bound: '1', sampling: { seed: 7, samples: 10 } });
    expect(r?.sampling).toEqual({ seed: rerunSeed(7), samples: 10 * RERUN_FACTOR });
    expect(rerunSeed(7)).not.toBe(7);
    expect(Number.isSafeInteger(rerunSeed(2 ** 53 - 1))).toBe(true);
    expect(rerunSampling({ bound: '1' })).toBeNull();
    expect(rerunSampling({ sampling: { seed: -1, samples: 10 } })).toBeNull();
  });
});

describe('the referee on statistical claims', () => {
  it('passes a true statistical claim', () => {
    const r = evaluateOn(toy, ddBackend(), { bound: '0.5', sampling: { seed: 3, samples: 200 } });
    expect(r.status).toBe('ok');
  });

  it('certifies a claim false by a clear margin only after an independent rerun fails too', async () => {
    const r = await referee(toy, { bound: '0.3', sampling: { seed: 3, samples: 200 } }, 30);
    expect(r.verdict).toBe('violated');
    expect(r.reason).toMatch(/^statistical \(δ = 0\.01\): .*reproduced on an independent rerun with seed \d+ and 800/);
    expect(r.rungs.filter((g) => g.backend.endsWith('(rerun)'))).toHaveLength(2);
  });

  it('does not certify a sampled failure that the rerun does not reproduce (a planted unlucky draw)', async () => {
    const r = await referee(toy, { bound: '0.5', fluke: 3, sampling: { seed: 3, samples: 200 } }, 30);
    expect(r.rungs.slice(0, -2).every((g) => g.status === 'violated' || g.backend.startsWith('dec'))).toBe(true);
    expect(r.verdict).toBe('undecided');
    expect(r.reason).toMatch(/^statistical \(δ = 0\.01\): .*does not reproduce it/);
  });

  it('is undecided when a statistical failure has no sampling field to rerun with', async () => {
    const noSampling = {
      ...toy,
      evaluate: (B: never, s: { bound: string }) =>
        toy.evaluate(B, { ...s, fluke: 1, sampling: { seed: 1, samples: 200 } }),
    };
    const r = await referee(noSampling as typeof toy, { bound: '0.5' }, 30);
    expect(r.verdict).toBe('undecided');
    expect(r.reason).toMatch(/has no `sampling`/);
  });
});

describe('verifyTheorem and thm check with statistical claims', () => {
  it('a true statistical theorem holds, its negative control is certified, and Σδ is reported', async () => {
    const res = await verifyTheorem(toy, { profile: 'ci', runs: 5, seed: 11, fixturesDir: null });
    expect(res.verdict).toBe('holds');
    expect(res.passed).toBe(true);
    expect(res.negativeControl.verdict).toBe('violated');
    // one claim of δ = 0.01 per sample: a certified false alarm needs that claim to fail in a fresh-seed rerun too
    expect(res.falseAlarm).toEqual({ claims: 5, delta: '0.05', certified: '0.0005' });
    expect(falseAlarmLine([res, res])).toMatch(
      /10 evaluated; false-alarm budget Σδ = 0\.1 \(certified false alarm ≤ 0\.001: /,
    );
    // results recorded before `certified` existed: the line says only Σδ
    expect(falseAlarmLine([res, { ...res, falseAlarm: { claims: 5, delta: '0.05' } }])).toMatch(
      /Σδ = 0\.1 \(a failure is certified only when a fresh-seed rerun fails too\)/,
    );
    expect(falseAlarmLine([])).toMatch(/none evaluated/);
  }, 60_000);
});

describe('thm check prints the false-alarm budget (real process)', () => {
  const sb = sandbox('thm-stat');
  afterAll(() => sb.cleanup());
  it('sums δ over the statistical claims evaluated and writes it into --json (schema-valid)', () => {
    const json = path.join(sb.tmp, 'out.json');
    const file = path.join('src', 'theorem', 'testdata', 'toy_stat_mean.theorem.ts');
    const r = sb.thm('check', file, '--runs', '4', '--json', json, '--jobs', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/statistical claims: 4 evaluated; false-alarm budget Σδ = 0\.04 /);
    const doc = readCheckDocument(json);
    expect(doc.results[0]!.falseAlarm).toEqual({ claims: 4, delta: '0.04', certified: '0.0004' });
  }, 60_000);
});

describe('falseAlarm: the tally of one sample', () => {
  const stat = (delta: string) => ({
    label: 'm',
    lhs: '0',
    rel: '<=' as const,
    rhs: '1',
    err: '0',
    statistical: { delta, samples: 10 },
  });
  it('certified is Σδ_i²: a claim must fail at first and again in the independent rerun', () => {
    const one = falseAlarm([stat('0.0625'), stat('0.125'), { label: 'x', lhs: '0', rel: '<=', rhs: '1', err: '0' }]);
    expect(one).toEqual({ claims: 2, delta: '0.1875', certified: '0.01953125' });
    expect(addFalseAlarm(one, one)).toEqual({ claims: 4, delta: '0.375', certified: '0.0390625' });
  });
});
