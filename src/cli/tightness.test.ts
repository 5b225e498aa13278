/**
 * Tightness of bounds (issue #12 §2): `thm check --json` records, for a theorem of kind upper/lower/tight, the largest
 * lhs/rhs ratio over the generated samples with its claim and spec, and `thm report` shows it (text and --md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claims, defineTheorem, verifyTheorem } from '../theorem/api.js';
import { judge } from '../theorem/claims.js';
import { sandbox, toy } from '../testing/thm.js';
import type { CheckDocument } from './checkJson.js';

const box = sandbox('thm-tightness');
afterAll(() => box.cleanup());

describe('tightness ratio of one claim', () => {
  it('lhs/rhs for <=, rhs/lhs for >=, NaN for == and for a bound that is not positive', () => {
    expect(judge({ label: 'a', lhs: '1', rel: '<=', rhs: '4', err: '0' }).ratio).toBe(0.25);
    expect(judge({ label: 'b', lhs: '8', rel: '>=', rhs: '2', err: '0' }).ratio).toBe(0.25);
    expect(judge({ label: 'c', lhs: '5', rel: '<=', rhs: '4', err: '0' }).ratio).toBe(1.25);
    expect(judge({ label: 'd', lhs: '1', rel: '==', rhs: '1', err: '0' }).ratio).toBeNaN();
    expect(judge({ label: 'e', lhs: '-1', rel: '<=', rhs: '0', err: '0' }).ratio).toBeNaN();
    expect(judge({ label: 'f', lhs: '-3', rel: '<=', rhs: '-1', err: '0' }).ratio).toBeNaN();
  });
});

describe('thm check --json and thm report show the tightness of a bound (real thm processes)', () => {
  it('an upper bound: the largest x²/1 over the samples, its claim and spec; report text and --md show it', () => {
    const out = path.join(box.tmp, 'check.json');
    const fx = path.join(box.tmp, 'fixtures');
    const r = box.thm('check', toy('toy_square_le_one'), '--profile', 'quick', '--json', out, '--fixtures', fx);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as CheckDocument;
    const t = doc.results[0]!.tightness!;
    // the quick sample of x = k/64, |k| ≤ 64: x² ≤ 1 with the largest x² among the samples
    const x = Number((t.spec as { x: string }).x);
    expect(t.claim).toBe('x^2<=1');
    expect(t.ratio).toBeGreaterThan(0);
    expect(t.ratio).toBeLessThanOrEqual(1);
    expect(t.ratio).toBeCloseTo(x * x, 12);

    const text = box.thm('report', '--from', out);
    expect(text.code, text.err).toBe(0);
    const row = text.out.split('\n').find((l) => l.startsWith('toy_square_le_one'))!;
    expect(row).toContain(`${t.ratio.toPrecision(3)} (x^2<=1)`);
    expect(text.out).toMatch(/^tightness: largest lhs\/rhs/m);
    const md = box.thm('report', '--md', '--from', out);
    expect(md.out).toContain(
      `over the generated samples is ${t.ratio.toPrecision(3)} (x^2<=1) (the bound is loose by ${(1 / t.ratio).toPrecision(3)}× there)`,
    );
    expect(md.out).toContain(JSON.stringify(t.spec));
  });

  it('only bounds record it: the same claims under kind invariant have no tightness', async () => {
    const def = (kind: 'upper' | 'invariant') =>
      defineTheorem({
        id: `toy_half_le_one_${kind}`,
        title: 'x/2 ≤ 1 on [0, 2]',
        status: 'theorem',
        kind,
        claim: String.raw`x/2 \le 1`,
        refs: [{ key: 'folklore', where: 'toy' }],
        hypotheses: fc.integer({ min: 0, max: 16 }).map((k) => ({ x: String(k / 8) })),
        violations: fc.integer({ min: 17, max: 32 }).map((k) => ({ x: String(k / 8) })),
        evaluate: (B, { x }) => ({ claims: [claims.le(B, B.div(B.num(x), B.int(2)), B.one, '0', 'half')] }),
      });
    const upper = await verifyTheorem(def('upper'), { profile: 'quick', fixturesDir: null, seed: 1 });
    expect(upper.tightness?.claim).toBe('half');
    expect(upper.tightness!.ratio).toBe(Number((upper.tightness!.spec as { x: string }).x) / 2);
    const inv = await verifyTheorem(def('invariant'), { profile: 'quick', fixturesDir: null, seed: 1 });
    expect(inv.verdict).toBe('holds');
    expect(inv.tightness).toBeUndefined();
  });
});
