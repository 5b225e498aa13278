/**
 * The potential law suite: properties every registered potential (./registry.ts `POTENTIALS`), unscaled and scaled,
 * must satisfy. ./laws.test.ts runs every law over the registry, so a potential joins by being registered. Laws throw
 * (via fc.assert) with the counterexample on failure.
 *
 * Tolerances: the exact laws run at dec:60 (u = 5·10⁻⁶⁰), where each map is < 100 roundings amplified by the
 * conditioning (1 + |x|)(1 + |z|) of the sample region (|x| ≤ 4, width ≤ 16, |z| ≤ 8); a bound of 10⁻⁵⁰ times that
 * conditioning leaves 10⁷ of margin for rounding and fails by tens of orders of magnitude on a wrong formula.
 */
import fc from 'fast-check';
import { ballArith } from '../ball/ball.js';
import { decBackend, type Dec } from '../numeric/decimal.js';
import type { AnyBackend, Num, S, V } from '../numeric/types.js';
import {
  makePotential,
  POTENTIALS,
  potentialLabel,
  potentialSpecArb,
  type PotentialEntry,
  type PotentialSpec,
} from './registry.js';
import type { Potential } from './types.js';

/** One law: a sentence and a check that throws on failure. */
export interface Law {
  readonly name: string;
  readonly run: () => void;
}

const D = decBackend(60);
const TOL = D.num('1e-50');

/** Sample points x = k/16 in the potential's domain (|x| ≤ 4), excluding 0 when asked. */
function pointArb(s: PotentialSpec, nonzero: boolean): fc.Arbitrary<Num> {
  const positive = POTENTIALS[s.name].domain === 'positive';
  const k = positive ? fc.integer({ min: 1, max: 64 }) : fc.integer({ min: -64, max: 64 });
  return (nonzero ? k.filter((v) => v !== 0) : k).map((v) => String(v / 16));
}

/** Dual points z = k/8, |z| ≤ 8. */
const dualArb: fc.Arbitrary<Num> = fc.integer({ min: -64, max: 64 }).map((k) => String(k / 8));

/** A spec with points drawn for it. */
const withPoints = (n: number, nonzero: boolean) =>
  potentialSpecArb.chain((s) =>
    fc.record({ s: fc.constant(s), xs: fc.array(pointArb(s, nonzero), { minLength: n, maxLength: n }) }),
  );

/** f at one scalar through the vector kernel. */
const at1 = (f: (v: V<Dec>) => V<Dec>, x: S<Dec>): S<Dec> => D.at(f(D.pack([x])), 0);

/** |a − b| ≤ 1e-50·scale on dec:60, else throw naming what and where. */
function close(a: S<Dec>, b: S<Dec>, scale: S<Dec>, what: string): void {
  const d = D.abs(D.sub(a, b));
  if (!(D.cmp(d, D.mul(TOL, scale)) <= 0)) {
    throw new Error(`${what}: ${D.show(a)} vs ${D.show(b)} differ by ${D.show(d)} > 1e-50·${D.show(scale)}`);
  }
}

const one = (x: S<Dec>) => D.add(D.one, D.abs(x));

/** The unscaled potential of a spec. */
const unscaled = (s: PotentialSpec): PotentialSpec =>
  s.param === undefined ? { name: s.name } : { name: s.name, param: s.param };

/** The laws on dec:60 (exact up to 1e-50) and the enclosure laws on the given backends. */
export function potentialLaws(ballBackends: readonly AnyBackend[], options: { readonly numRuns?: number } = {}): Law[] {
  const cfg = { numRuns: options.numRuns ?? 60 };
  const P = (s: PotentialSpec): Potential<Dec> => makePotential(D, s);
  const laws: Law[] = [
    {
      name: '(φ′)⁻¹(φ′(x)) = x and φ′((φ′)⁻¹(z)) = z at dec:60 (within 1e-50·(1 + |x|)(1 + |z|))',
      run: () =>
        fc.assert(
          fc.property(withPoints(3, false), fc.array(dualArb, { minLength: 3, maxLength: 3 }), ({ s, xs }, zs) => {
            const p = P(s);
            for (const xs0 of xs) {
              const x = D.num(xs0);
              const z = at1(p.grad, x);
              close(at1(p.gradInv, z), x, D.mul(one(x), one(z)), `${potentialLabel(s)} round trip at x = ${xs0}`);
            }
            for (const zs0 of zs) {
              const z = D.num(zs0);
              const w = at1(p.gradInv, z);
              close(at1(p.grad, w), z, D.mul(one(w), one(z)), `${potentialLabel(s)} inverse round trip at z = ${zs0}`);
            }
          }),
          cfg,
        ),
    },
    {
      // central differences with h = 1e-20: truncation h²·|φ‴|/6 ≤ 1e-36 on the sample region (|φ‴|, |φ⁗| ≤ 1e4 for
      // |x| ≥ 1/16, width ≤ 16), rounding ≤ 100u·|φ|/h ≤ 1e-37·|φ|; x ≠ 0 keeps the kinks of |x|³, |x|^p at 0 outside
      // [x − h, x + h]
      name: 'φ′ and φ″ are the derivatives of φ and φ′ at dec:60 (central differences, h = 1e-20, within 1e-30)',
      run: () =>
        fc.assert(
          fc.property(withPoints(3, true), ({ s, xs }) => {
            const p = P(s);
            const h = D.num('1e-20');
            const twoH = D.num('2e-20');
            for (const xs0 of xs) {
              const x = D.num(xs0);
              const [xm, xp] = [D.sub(x, h), D.add(x, h)];
              const dphi = D.div(D.sub(at1(p.value, xp), at1(p.value, xm)), twoH);
              const g = at1(p.grad, x);
              const scale = D.mul(D.num('1e20'), D.add(one(at1(p.value, x)), D.abs(g)));
              close(dphi, g, scale, `${potentialLabel(s)}: φ′ vs (φ(x + h) − φ(x − h))/2h at x = ${xs0}`);
              const d2 = D.div(D.sub(at1(p.grad, xp), at1(p.grad, xm)), twoH);
              const hx = at1(p.hess, x);
              close(d2, hx, D.mul(D.num('1e20'), D.add(one(g), D.abs(hx))), `${potentialLabel(s)}: φ″ at x = ${xs0}`);
            }
          }),
          cfg,
        ),
    },
    {
      name: 'φ is strictly convex: φ′ strictly increasing and D_φ(a, b) = φ(a) − φ(b) − φ′(b)(a − b) > 0 for a ≠ b',
      run: () =>
        fc.assert(
          fc.property(withPoints(2, false), ({ s, xs }) => {
            const [a, b] = xs.map((v) => D.num(v)) as [S<Dec>, S<Dec>];
            if (D.cmp(a, b) === 0) return;
            const p = P(s);
            const [ga, gb] = [at1(p.grad, a), at1(p.grad, b)];
            if (D.cmp(ga, gb) !== D.cmp(a, b)) {
              throw new Error(`${potentialLabel(s)}: φ′(${xs[0]}) = ${D.show(ga)}, φ′(${xs[1]}) = ${D.show(gb)}`);
            }
            const Dab = D.sub(D.sub(at1(p.value, a), at1(p.value, b)), D.mul(gb, D.sub(a, b)));
            if (!(D.cmp(Dab, D.mul(TOL, D.int(1000))) > 0)) {
              throw new Error(`${potentialLabel(s)}: D_φ(${xs[0]}, ${xs[1]}) = ${D.show(Dab)} is not > 0`);
            }
          }),
          cfg,
        ),
    },
    {
      name: 'φ″ > 0 where claimed (φ″(0) = 0 exactly where not), and φ″ is monotone on each side of 0',
      run: () =>
        fc.assert(
          fc.property(withPoints(3, false), ({ s, xs }) => {
            const p = P(s);
            for (const xs0 of xs) {
              const x = D.num(xs0);
              const hx = at1(p.hess, x);
              const atZero = D.isZero(x);
              if (atZero && p.positiveCurvature === 'awayFromZero') {
                if (!D.isZero(hx)) throw new Error(`${potentialLabel(s)}: φ″(0) = ${D.show(hx)}, claimed 0`);
              } else if (!(D.cmp(hx, D.zero) > 0)) {
                throw new Error(`${potentialLabel(s)}: φ″(${xs0}) = ${D.show(hx)} is not > 0`);
              }
            }
            // three points on one side, sorted: the successive differences of φ″ never change sign
            const side = xs.map((v) => D.num(v)).map((v) => D.abs(v));
            side.sort((u, v) => D.cmp(u, v));
            for (const sign of [1, -1]) {
              if (p.domain === 'positive' && sign < 0) continue;
              const h = side.map((v) => at1(p.hess, sign > 0 ? v : D.neg(v)));
              const d1 = D.cmp(h[1]!, h[0]!);
              const d2 = D.cmp(h[2]!, h[1]!);
              if (d1 * d2 < 0) {
                throw new Error(
                  `${potentialLabel(s)}: φ″ is not monotone on ${sign > 0 ? 'x ≥ 0' : 'x ≤ 0'}: ` +
                    `${h.map((v) => D.show(v)).join(', ')} at |x| = ${side.map((v) => D.show(v)).join(', ')}`,
                );
              }
            }
          }),
          cfg,
        ),
    },
    {
      name: 'width 1 is the unscaled potential bit for bit, and φ_n″(0) = φ″(0) at every width (on the real line)',
      run: () =>
        fc.assert(
          fc.property(withPoints(3, false), ({ s, xs }) => {
            const base = P(unscaled(s));
            const one1 = P({ ...unscaled(s), width: 1 });
            const x = D.vec(xs);
            for (const f of ['value', 'grad', 'gradInv', 'hess'] as const) {
              const [a, b] = [D.vshow(base[f](x)).join(), D.vshow(one1[f](x)).join()];
              if (a !== b) throw new Error(`${potentialLabel(s)}: ${f} at width 1: ${b} vs ${a}`);
            }
            if (base.domain === 'real' && s.width !== undefined) {
              const [a, b] = [at1(base.hess, D.zero), at1(P(s).hess, D.zero)];
              if (D.cmp(a, b) !== 0 && (D.isFinite(a) || D.isFinite(b))) {
                throw new Error(`${potentialLabel(s)}: φ_n″(0) = ${D.show(b)} ≠ φ″(0) = ${D.show(a)}`);
              }
            }
          }),
          cfg,
        ),
    },
  ];
  for (const B of ballBackends) laws.push(enclosureLaw(B, cfg), elementwiseLaw(B, cfg));
  laws.push(domainErrorLaw());
  return laws;
}

/** The scalar enclosures on B contain the dec:60 values of the maps (whose own error is < 1e-50·scale). */
function enclosureLaw(B: AnyBackend, cfg: { numRuns: number }): Law {
  return {
    name: `the enclosures of φ′, (φ′)⁻¹ and φ″ on ${B.id} contain their dec:60 values`,
    run: () =>
      fc.assert(
        fc.property(withPoints(2, false), fc.array(dualArb, { minLength: 2, maxLength: 2 }), ({ s, xs }, zs) => {
          const K = ballArith(B);
          const p = makePotential(B, s);
          const q = makePotential<Dec>(D, s);
          const check = (ball: { value: unknown; err: unknown } | null, exact: S<Dec>, what: string) => {
            if (ball === null) {
              if (D.isFinite(exact))
                throw new Error(`${potentialLabel(s)} ${what}: null enclosure of ${D.show(exact)}`);
              return;
            }
            const m = D.num(B.show(ball.value));
            const r = D.num(B.show(ball.err));
            const d = D.abs(D.sub(m, exact));
            if (!(D.cmp(d, D.add(r, D.mul(TOL, one(exact)))) <= 0)) {
              throw new Error(
                `${potentialLabel(s)} ${what} on ${B.id}: ${D.show(m)} ± ${D.show(r)} misses ${D.show(exact)}`,
              );
            }
          };
          for (const v of xs) {
            check(p.ball.grad(K, B.num(v)), at1(q.grad, D.num(v)), `φ′(${v})`);
            check(p.ball.hess(K, B.num(v)), at1(q.hess, D.num(v)), `φ″(${v})`);
          }
          for (const v of zs) check(p.ball.gradInv(K, B.num(v)), at1(q.gradInv, D.num(v)), `(φ′)⁻¹(${v})`);
        }),
        cfg,
      ),
  };
}

/** Each map is elementwise: on a concatenation it is the concatenation of the results, bit for bit. */
function elementwiseLaw(B: AnyBackend, cfg: { numRuns: number }): Law {
  return {
    name: `φ, φ′, (φ′)⁻¹, φ″ act elementwise on ${B.id} (f(x ⧺ y) = f(x) ⧺ f(y) bit for bit)`,
    run: () =>
      fc.assert(
        fc.property(withPoints(4, false), ({ s, xs }) => {
          const p = makePotential(B, s);
          const [x, y] = [B.vec(xs.slice(0, 1)), B.vec(xs.slice(1))];
          for (const f of ['value', 'grad', 'gradInv', 'hess'] as const) {
            const whole = B.vshow(p[f](B.concat([x, y]))).join();
            const parts = B.vshow(B.concat([p[f](x), p[f](y)])).join();
            if (whole !== parts) throw new Error(`${potentialLabel(s)}.${f} on ${B.id}: ${whole} vs ${parts}`);
          }
        }),
        cfg,
      ),
  };
}

/** One-line RangeErrors: bad parameters (each family's `invalid` values), points outside the domain. */
function domainErrorLaw(): Law {
  const oneLine = (f: () => unknown, mustMention: readonly string[], what: string) => {
    let err: unknown = null;
    try {
      f();
    } catch (e) {
      err = e;
    }
    if (!(err instanceof RangeError)) throw new Error(`${what}: expected a RangeError, got ${String(err)}`);
    if (err.message.includes('\n')) throw new Error(`${what}: the message has several lines: ${err.message}`);
    for (const m of mustMention) {
      if (!err.message.includes(m)) throw new Error(`${what}: "${err.message}" does not name ${m}`);
    }
  };
  return {
    name: 'bad parameters, widths and points outside the domain are one-line RangeErrors naming what is wrong',
    run: () => {
      for (const [name, entry] of Object.entries(POTENTIALS)) {
        const e: PotentialEntry = entry;
        const param = e.param;
        if (param !== null) {
          for (const v of param.invalid) {
            oneLine(() => e.make(D, v), [e.name, param.key], `${e.name}(${param.key} = ${v})`);
          }
        }
        const base = { name, ...(param === null ? {} : { param: '2' }) } as PotentialSpec;
        oneLine(() => makePotential(D, { ...base, width: 0 }), ['width'], `${e.name} at width 0`);
        if (e.domain === 'positive') {
          const p = makePotential(D, base);
          for (const bad of [['1', '0'], ['-0.5'], ['2', '3', '-1e-30']]) {
            for (const f of ['value', 'grad', 'hess'] as const) {
              oneLine(() => p[f](D.vec(bad)), [e.name, 'x > 0'], `${e.name}.${f}(${bad.join(', ')})`);
            }
          }
        }
      }
      oneLine(() => makePotential(D, { name: 'nope' as 'squared' }), ['nope'], 'an unknown name');
    },
  };
}
