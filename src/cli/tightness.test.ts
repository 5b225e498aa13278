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

/**
 * 4x(1 − x) ≤ 1 on x = k/10⁶: attained only at x = 1/2, which 25 uniform samples almost never come near. Random
 * search only (the slack-targeted phase's line searches reach x = 1/2 by themselves), so the climb's gain is its own.
 */
const PARABOLA = (id: string, kind: 'upper' | 'tight', hi: number) => `
import { claims, defineTheorem, fc } from 'theoremcheck';
export default defineTheorem({
  id: '${id}',
  title: '4x(1 - x) <= 1',
  status: 'theorem',
  kind: '${kind}',
  search: 'random',
  claim: String.raw\`4x(1-x)\\le 1\`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: 0, max: ${hi} }).map((k) => ({ x: (k / 1e6).toFixed(6) })),
  violations: fc.constant({ x: '0.5', c: '0.9' }),
  evaluate(B, s) {
    const x = B.num(s.x);
    const v = B.mul(B.int(4), B.mul(x, B.sub(B.one, x)));
    const c = 'c' in s ? B.num(s.c) : B.one;
    return { claims: [claims.le(B, v, c, claims.roundoff(B, 8, B.one), '4x(1-x)<=1')] };
  },
});
`;

describe('thm check --tightness: the climb maximizes lhs/rhs and stores the best instance (real thm processes)', () => {
  const write = (id: string, kind: 'upper' | 'tight', hi: number) => {
    const f = path.join(box.tmp, `${id}.theorem.ts`);
    fs.writeFileSync(f, PARABOLA(id, kind, hi));
    return f;
  };

  it('raises the best ratio far beyond the random samples, prints it and stores the exact instance', () => {
    const f = write('toy_parabola_upper', 'upper', 1_000_000);
    const out = path.join(box.tmp, 'parabola.json');
    const plain = path.join(box.tmp, 'parabola-plain.json');
    const args = ['--profile', 'quick', '--seed', '7', '--jobs', '1', '--fixtures', path.join(box.tmp, 'fx')];
    const p = box.thm('check', f, ...args, '--json', plain);
    expect(p.code, p.err).toBe(0);
    const before = (JSON.parse(fs.readFileSync(plain, 'utf8')) as CheckDocument).results[0]!.tightness!;
    expect(before.search).toBeUndefined();
    const r = box.thm('check', f, ...args, '--json', out, '--tightness');
    expect(r.code, r.err).toBe(0);
    const t = (JSON.parse(fs.readFileSync(out, 'utf8')) as CheckDocument).results[0]!.tightness!;
    // quick: 25 runs more for the climb; the random and targeted phases are those of the plain run (same seed)
    expect(t.search).toEqual({ samples: 25, before: before.ratio, found: false });
    // 1 − 4x(1 − x) = (1 − 2x)²: 25 uniform samples reach 1 − 1e-6 with probability ≈ 2.5 %, the climb goes further
    expect(1 - before.ratio).toBeGreaterThan(1e-6);
    expect(1 - t.ratio).toBeLessThan(1e-6);
    const x = Number((t.spec as { x: string }).x);
    expect(t.ratio).toBeCloseTo(4 * x * (1 - x), 12);
    expect(r.out).toContain(
      `toy_parabola_upper: tightness search 25 samples, best ratio ${before.ratio.toPrecision(6)} → ${t.ratio.toPrecision(6)} (4x(1-x)<=1) at {"x":"${(t.spec as { x: string }).x}"}; stored in `,
    );
    const file = path.join(box.root, 'fixtures', 'tightness', 'toy_parabola_upper.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      theorem: 'toy_parabola_upper',
      ratio: t.ratio,
      claim: '4x(1-x)<=1',
      spec: t.spec,
      found: { profile: 'quick', backend: 'f64', seed: 7, samples: 25 },
    });
    // thm report shows the stored instance (text and --md), with its exact spec
    const rep = box.thm('report', '--from', out);
    expect(rep.code, rep.err).toBe(0);
    const spec = JSON.stringify(t.spec);
    expect(rep.out).toContain(`  toy_parabola_upper: ${t.ratio.toPrecision(3)} (4x(1-x)<=1) at ${spec}`);
    expect(rep.out.split('\n').find((l) => l.startsWith('toy_parabola_upper'))).toContain(
      `${t.ratio.toPrecision(3)} (4x(1-x)<=1) *`,
    );
    const md = box.thm('report', '--md', '--from', out);
    expect(md.out).toContain(`Best tightness instance stored (thm check --tightness): ratio ${t.ratio.toPrecision(3)}`);
    expect(md.out).toContain(`at \`${spec}\``);
    // a worse run (random only) does not replace the stored instance
    const again = box.thm('check', f, ...args, '--tightness', '--runs', '2');
    expect(again.code, again.err).toBe(0);
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { ratio: number }).ratio).toBe(t.ratio);
  });

  it('a tight theorem whose bound is out of reach of its hypotheses is reported; one that reaches it is not', () => {
    const far = write('toy_parabola_tight_far', 'tight', 400_000); // x ≤ 0.4: 4x(1 − x) ≤ 0.96
    const r = box.thm('check', far, '--profile', 'quick', '--seed', '7', '--tightness', '--fixtures', box.tmp);
    expect(r.code, r.err).toBe(0); // a warning, not a failure
    expect(r.err).toMatch(
      /^warning: toy_parabola_tight_far: tightness: declared tight within 0\.000001, but the search reached only best ratio 0\.96\d* \(4x\(1-x\)<=1\) after 25 more samples/m,
    );
    const near = write('toy_parabola_tight', 'tight', 1_000_000);
    const ok = box.thm('check', near, '--profile', 'quick', '--seed', '7', '--tightness', '--fixtures', box.tmp);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).not.toContain('tightness:');
  });
});
