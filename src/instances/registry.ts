/**
 * Every exported spec arbitrary, each with an exact validity check, for the law suite (registry.test.ts runs
 * `specLaws` over every entry). AUTOMATIC ENROLLMENT: a new arbitrary joins the laws by being added to
 * SPEC_ARBITRARIES below with its check; there is no other list to update.
 */
import fc from 'fast-check';
import type { Num } from '../numeric/types.js';
import { separableData } from './data.js';
import { balancedDeepLinearInit, balancedInit, deepLinearInit, linear2Init, scalarNetInit } from './inits.js';
import type { SpecArbitraryEntry } from './laws.js';
import { orthogonal, spectralQuadratic, withSpectrum } from './matrices.js';
import { decimalNum, dyadic, logUniform, nonzeroDyadic, openUnit, seed, unitInterval } from './numbers.js';
import { conjugateDiag, isOrthogonal, qmatvec } from './orthogonal.js';
import {
  type Q,
  ONE,
  ZERO,
  add,
  cmp,
  dot,
  eq,
  isZero,
  mul,
  parseMat,
  parseNum,
  parseVec,
  q,
  qmatEq,
  qmatmul,
  qtranspose,
  sigDigits,
  sub,
} from '../numeric/rational.js';
import { unitVector, vector, vectorWithNorm } from './vectors.js';

function must(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}
const inRange = (x: Num, lo: Num, hi: Num, open = false): boolean => {
  const v = parseNum(x);
  const a = cmp(v, parseNum(lo));
  const b = cmp(v, parseNum(hi));
  return open ? a > 0 && b < 0 : a >= 0 && b <= 0;
};
/** x·2^bits is an integer */
const onGrid = (x: Num, base: bigint, places: number): boolean =>
  parseNum(x).d * 1n <= base ** BigInt(places) && base ** BigInt(places) % parseNum(x).d === 0n;
const norm2 = (x: readonly Q[]): Q => dot(x, x);
const shape = (A: readonly unknown[][], r: number, c: number): boolean =>
  A.length === r && A.every((row) => row.length === c);

function checkSpectrum(
  s: { eigenvalues: Num[]; eigenvectors: Num[][]; matrix: Num[][] },
  lo: Num,
  hi: Num,
  nmax: number,
): void {
  const n = s.eigenvalues.length;
  must(n >= 1 && n <= nmax, `dimension ${n} outside [1, ${nmax}]`);
  must(shape(s.eigenvectors, n, n) && shape(s.matrix, n, n), 'shapes disagree with the number of eigenvalues');
  const lam = parseVec(s.eigenvalues);
  lam.forEach((l, i) =>
    must(inRange(s.eigenvalues[i]!, lo, hi), `eigenvalue ${s.eigenvalues[i]} outside [${lo}, ${hi}]`),
  );
  for (let i = 1; i < n; i++) must(cmp(lam[i - 1]!, lam[i]!) >= 0, 'eigenvalues not sorted descending');
  const Qm = parseMat(s.eigenvectors);
  must(isOrthogonal(Qm), 'eigenvectors are not exactly orthogonal');
  const A = parseMat(s.matrix);
  must(qmatEq(A, conjugateDiag(Qm, lam)), 'matrix ≠ QΛQᵀ exactly');
  must(qmatEq(A, qtranspose(A)), 'matrix not symmetric');
}

const NORM_RANGE = { lo: '0', hi: '2' };

/** An entry with its spec type forgotten, for the registry: its `check` only ever sees samples of its own `arb`. */
function enroll<T>(e: SpecArbitraryEntry<T>): SpecArbitraryEntry<unknown> {
  return { ...e, check: (spec) => e.check(spec as T) };
}

/** Named spec arbitraries with exact checks. Add a new arbitrary here to enroll it in the law suite. */
export const SPEC_ARBITRARIES: Record<string, SpecArbitraryEntry<unknown>> = {
  dyadic: enroll<Num>({
    arb: dyadic({ min: '-3', max: '5', bits: 10 }),
    check: (x: Num) => must(inRange(x, '-3', '5') && onGrid(x, 2n, 10), `${x} not a 2^-10 multiple in [-3, 5]`),
    simplest: '0',
  }),
  dyadicPositiveRange: enroll<Num>({
    arb: dyadic({ min: '0.3', max: '0.4', bits: 12 }),
    check: (x: Num) => must(inRange(x, '0.3', '0.4') && onGrid(x, 2n, 12), `${x} not a 2^-12 multiple in [0.3, 0.4]`),
    simplest: '0.375',
  }),
  decimalNum: enroll<Num>({
    arb: decimalNum({ min: '-2', max: '7', digits: 4 }),
    check: (x: Num) => must(inRange(x, '-2', '7') && onGrid(x, 10n, 4), `${x} not a 10^-4 multiple in [-2, 7]`),
    simplest: '0',
  }),
  openUnit: enroll<Num>({
    arb: openUnit(),
    check: (x: Num) => must(inRange(x, '0', '1', true) && onGrid(x, 2n, 16), `${x} not in (0, 1) on the 2^-16 grid`),
    simplest: '0.5',
  }),
  unitInterval: enroll<Num>({
    arb: unitInterval({ lo: '1', hi: '1.5' }),
    check: (x: Num) => must(inRange(x, '1', '1.5', true), `${x} not in (1, 1.5)`),
    simplest: '1.25',
  }),
  logUniform: enroll<Num>({
    arb: logUniform({ min: '1e-6', max: '1000', digits: 3 }),
    check: (x: Num) => must(inRange(x, '1e-6', '1000') && sigDigits(x) <= 3, `${x} not in [1e-6, 1e3] with ≤ 3 digits`),
    simplest: '1',
  }),
  logUniformAboveOne: enroll<Num>({
    arb: logUniform({ min: '2.5', max: '4e4', digits: 2 }),
    check: (x: Num) => must(inRange(x, '2.5', '40000') && sigDigits(x) <= 2, `${x} not in [2.5, 4e4] with ≤ 2 digits`),
    simplest: '2.5',
  }),
  nonzeroDyadic: enroll<Num>({
    arb: nonzeroDyadic(),
    check: (x: Num) => {
      const v = parseNum(x);
      must(!isZero(v) && inRange(x.replace(/^-/, ''), '0.125', '4'), `${x}: zero or |x| outside [0.125, 4]`);
    },
    simplest: '1', // coarsest grid first: 1 has fewer digits than 0.125
  }),
  seed: enroll<number>({
    arb: seed(),
    check: (s: number) => must(Number.isSafeInteger(s) && s >= 0 && s <= 0x7fffffff, `bad seed ${s}`),
    simplest: 0,
  }),
  vector: enroll<Num[]>({
    arb: vector({ dim: { min: 2, max: 5 } }),
    check: (x: Num[]) =>
      must(x.length >= 2 && x.length <= 5 && x.every((v) => inRange(v, '-1', '1')), `bad vector ${x.join(',')}`),
    simplest: ['0', '0'],
  }),
  unitVector: enroll<Num[]>({
    arb: unitVector({ dim: { min: 1, max: 6 } }),
    check: (x: Num[]) =>
      must(x.length >= 1 && x.length <= 6 && eq(norm2(parseVec(x)), ONE), `‖x‖² ≠ 1 exactly: ${x.join(',')}`),
    simplest: ['1'],
  }),
  vectorWithNorm: enroll<{ x: Num[]; norm: Num }>({
    arb: vectorWithNorm({ dim: { min: 1, max: 5 }, norm: dyadic({ min: '0', max: '3', bits: 8 }) }),
    check: (s: { x: Num[]; norm: Num }) => {
      const r = parseNum(s.norm);
      must(eq(norm2(parseVec(s.x)), mul(r, r)), `‖x‖² ≠ norm² exactly`);
    },
    simplest: { x: ['0'], norm: '0' },
  }),
  orthogonal: enroll<Num[][]>({
    arb: orthogonal({ n: { min: 1, max: 6 }, maxReflections: 4 }),
    check: (Qm: Num[][]) => must(isOrthogonal(parseMat(Qm)), 'QᵀQ ≠ I exactly'),
    simplest: [['1']],
  }),
  withSpectrum: enroll({
    arb: withSpectrum({ n: { min: 1, max: 6 }, eigenvalues: dyadic({ min: '-1', max: '8', bits: 6 }) }),
    check: (s) => checkSpectrum(s, '-1', '8', 6),
    simplest: { eigenvalues: ['0'], eigenvectors: [['1']], matrix: [['0']] },
  }),
  withSpectrumFixed: enroll({
    arb: withSpectrum({ eigenvalues: ['3', '0.5', '0.5', '0'], maxReflections: 4 }),
    check: (s) => {
      checkSpectrum(s, '0', '3', 4);
      must(s.eigenvalues.join() === '3,0.5,0.5,0', 'fixed eigenvalues changed');
    },
    simplest: {
      eigenvalues: ['3', '0.5', '0.5', '0'],
      eigenvectors: [
        ['1', '0', '0', '0'],
        ['0', '1', '0', '0'],
        ['0', '0', '1', '0'],
        ['0', '0', '0', '1'],
      ],
      matrix: [
        ['3', '0', '0', '0'],
        ['0', '0.5', '0', '0'],
        ['0', '0', '0.5', '0'],
        ['0', '0', '0', '0'],
      ],
    },
  }),
  spectralQuadratic: enroll({
    arb: spectralQuadratic({ n: { min: 1, max: 5 } }),
    check: (s) => {
      checkSpectrum(s.A, '0', '4', 5);
      must(
        s.theta0.length === s.A.eigenvalues.length && s.coords.length === s.theta0.length,
        'theta0/coords dimension',
      );
      const th = qmatvec(parseMat(s.A.eigenvectors), parseVec(s.coords));
      must(
        th.every((x, i) => eq(x, parseNum(s.theta0[i]))),
        'theta0 ≠ Q·coords exactly',
      );
    },
  }),
  linear2Init: enroll({
    arb: linear2Init({ k: { min: 1, max: 5 } }),
    check: (s) => {
      const a = parseVec(s.a);
      const b = parseVec(s.b);
      const sN = parseNum(s.sumNorm);
      const tN = parseNum(s.diffNorm);
      must(a.length === b.length && a.length >= 1 && a.length <= 5, 'k out of range');
      must(
        inRange(s.sumNorm, NORM_RANGE.lo, NORM_RANGE.hi) && inRange(s.diffNorm, NORM_RANGE.lo, NORM_RANGE.hi),
        'norms out of range',
      );
      const plus = a.map((x, i) => add(x, b[i]!));
      const minus = a.map((x, i) => sub(x, b[i]!));
      must(eq(norm2(plus), mul(sN, sN)), '‖a+b‖² ≠ sumNorm²');
      must(eq(norm2(minus), mul(tN, tN)), '‖a−b‖² ≠ diffNorm²');
      must(eq(parseNum(s.Q), mul(sN, tN)), 'Q ≠ ‖a+b‖‖a−b‖');
      must(eq(parseNum(s.lambda), add(norm2(a), norm2(b))), 'λ ≠ ‖a‖²+‖b‖²');
      must(eq(parseNum(s.m), dot(a, b)), 'm ≠ aᵀb');
      must(eq(parseNum(s.normGap), sub(norm2(a), norm2(b))), 'normGap ≠ ‖a‖²−‖b‖²');
      // Q = √(λ² − 4m²) (docs/theorems/eos.md E2), checked squared
      must(
        eq(
          mul(parseNum(s.Q), parseNum(s.Q)),
          sub(mul(parseNum(s.lambda), parseNum(s.lambda)), mul(q(4n), mul(parseNum(s.m), parseNum(s.m)))),
        ),
        'Q² ≠ λ² − 4m²',
      );
    },
    simplest: { a: ['0'], b: ['0'], sumNorm: '0', diffNorm: '0', Q: '0', lambda: '0', m: '0', normGap: '0' },
  }),
  balancedInit: enroll({
    arb: balancedInit({ k: { min: 1, max: 4 } }),
    check: (s) => must(s.a.join() === s.b.join() && s.Q === '0' && s.diffNorm === '0', 'not balanced (a ≠ b)'),
  }),
  scalarNetInit: enroll({
    arb: scalarNetInit(),
    check: (s: { w: Num[]; y: Num }) => {
      must(s.w.length >= 2 && s.w.length <= 5, `D = ${s.w.length} outside [2, 5]`);
      const w = parseVec(s.w);
      must(
        w.every((x) => !isZero(x)),
        'some w_i = 0',
      );
      const y = parseNum(s.y);
      must(!isZero(y), 'y = 0');
      const prod = w.reduce(mul, ONE);
      must(cmp(prod, ZERO) === cmp(y, ZERO), `sign(Π w) ≠ sign(y) for w = ${s.w.join(',')}, y = ${s.y}`);
    },
    simplest: { w: ['1', '1'], y: '1' },
  }),
  deepLinearInit: enroll({
    arb: deepLinearInit(),
    check: (s: { widths: number[]; layers: Num[][][] }) => {
      must(s.layers.length === s.widths.length - 1 && s.layers.length >= 1 && s.layers.length <= 3, 'depth');
      s.layers.forEach((W, l) => must(shape(W, s.widths[l + 1]!, s.widths[l]!), `layer ${l} shape ≠ widths`));
    },
    simplest: { widths: [1, 1], layers: [[['0']]] },
  }),
  deepLinearFixedWidths: enroll({
    arb: deepLinearInit({ widths: [3, 2, 1] }),
    check: (s: { widths: number[]; layers: Num[][][] }) => {
      must(s.widths.join() === '3,2,1', 'widths changed');
      s.layers.forEach((W, l) => must(shape(W, s.widths[l + 1]!, s.widths[l]!), `layer ${l} shape ≠ widths`));
    },
  }),
  balancedDeepLinearInit: enroll({
    arb: balancedDeepLinearInit({ depth: { min: 1, max: 3 }, width: { min: 1, max: 4 } }),
    check: (s: { widths: number[]; layers: Num[][][]; singularValues: Num[] }) => {
      const W = s.layers.map((L) => parseMat(L));
      for (let l = 0; l + 1 < W.length; l++) {
        // Arora et al. 2018 Def. 1 (δ = 0): W_{l+1}ᵀ W_{l+1} = W_l W_lᵀ
        must(
          qmatEq(qmatmul(qtranspose(W[l + 1]!), W[l + 1]!), qmatmul(W[l]!, qtranspose(W[l]!))),
          `layers ${l}, ${l + 1} not balanced`,
        );
      }
      // the singular values are those of every layer: W_lᵀW_l has trace Σσ²
      const tr = (A: Q[][]): Q => A.reduce((t, row, i) => add(t, row[i]!), ZERO);
      const s2 = parseVec(s.singularValues).reduce((t, x) => add(t, mul(x, x)), ZERO);
      W.forEach((M, l) => must(eq(tr(qmatmul(qtranspose(M), M)), s2), `layer ${l}: ‖W‖_F² ≠ Σσ²`));
    },
  }),
  separableData: enroll({
    arb: separableData(),
    check: (s: { X: Num[][]; y: Num[]; w: Num[]; margin: Num }) => {
      const w = parseVec(s.w);
      const g = parseNum(s.margin);
      must(g.n > 0n, 'margin ≤ 0');
      must(eq(norm2(w), ONE), '‖w‖ ≠ 1');
      must(s.X.length === s.y.length && s.X.length >= 1, 'sample count');
      const scores = s.X.map((x, i) => mul(parseNum(s.y[i]!), dot(parseVec(x), w)));
      must(
        s.y.every((l) => l === '1' || l === '-1'),
        'labels must be ±1',
      );
      must(
        scores.every((sc) => cmp(sc, g) >= 0),
        'some y_i wᵀx_i < margin',
      );
      must(eq(scores[0]!, g), 'sample 0 is not on the margin');
    },
  }),
};

/** The same registry as fast-check arbitraries only (for sampling in docs/CLI). */
export const specArbitraries = (): Record<string, fc.Arbitrary<unknown>> =>
  Object.fromEntries(Object.entries(SPEC_ARBITRARIES).map(([k, e]) => [k, e.arb]));
