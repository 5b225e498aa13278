import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { gd, heavyBall, STEPPERS } from './index.js';
import { f64TracksReferenceLaw, gdEqualsEulerLaw, stepperLaws } from './laws.js';
import type { StepperEntry } from './types.js';

// The exact laws on every backend; the f64-vs-reference law against dd and dec:40. Static imports: a missing
// backend fails this file instead of silently skipping its laws.
const refList: AnyBackend[] = [ddBackend(), decBackend(40)];
const backends: AnyBackend[] = [f64Backend(), ...refList];
const entries = Object.values(STEPPERS) as readonly StepperEntry<unknown>[];

describe('the stepper law suite', () => {
  for (const B of backends) {
    const numRuns = B.id === 'f64' ? 60 : 15;
    for (const entry of entries) {
      describe(`${entry.name} on ${B.id}`, () => {
        for (const law of stepperLaws(B, entry, { numRuns })) it(law.name, law.run);
      });
    }
    const euler = gdEqualsEulerLaw(B, { numRuns });
    it(euler.name, euler.run);
  }

  for (const ref of refList) {
    for (const entry of entries) {
      const law = f64TracksReferenceLaw(entry, ref, { numRuns: 25 });
      it(law.name, law.run);
    }
  }
});

// The laws must be able to fail: broken steppers (mutants) are caught.
describe('the stepper law suite rejects broken steppers', () => {
  const B = f64Backend();
  const lawNamed = (entry: StepperEntry<unknown>, part: string) => {
    const law = stepperLaws(B, entry, { numRuns: 30 }).find((l) => l.name.includes(part));
    if (!law) throw new Error(`no law matching ${part}`);
    return law;
  };

  it('a heavy ball whose β = 0 case is off by one ulp in the learning rate fails the gd special-case law', () => {
    const mutant = {
      ...STEPPERS.heavyBall,
      make: (Bk, s) => {
        const hb = STEPPERS.heavyBall.make(Bk, s);
        return s.beta === '0'
          ? heavyBall(Bk, { lr: Bk.mul(Bk.num(s.lr), Bk.num('1.0000000000000002')), beta: Bk.zero })
          : hb;
      },
    } satisfies StepperEntry<{ lr: string; beta: string }>;
    expect(lawNamed(mutant as StepperEntry<unknown>, 'gd special case').run).toThrow();
  });

  it('a stepper that draws from Math.random fails the same-seed law', () => {
    const mutant = {
      ...STEPPERS.gd,
      make: (Bk, s) => {
        const g = gd(Bk, { lr: Bk.num(s.lr) });
        return {
          ...g,
          step: (F, st, k) => ({ theta: Bk.vshift(g.step(F, st, k).theta, Bk.fromDouble(Math.random())) }),
        };
      },
    } satisfies StepperEntry<{ lr: string }>;
    expect(lawNamed(mutant as StepperEntry<unknown>, 'same spec').run).toThrow();
  });

  it('an adaptive stepper that silently clamps γ_b = 0 to a tiny step fails the lr = 0 law (it must refuse)', () => {
    const clamped = {
      ...STEPPERS.spsMax,
      make: (Bk, s) => STEPPERS.spsMax.make(Bk, { ...s, gammaB: s.gammaB === '0' ? '0.0001' : s.gammaB }),
    } satisfies StepperEntry<Parameters<typeof STEPPERS.spsMax.make>[1]>;
    expect(lawNamed(clamped as StepperEntry<unknown>, 'lr = 0').run).toThrow();
  });

  it('a stepper that moves when lr = 0 fails the rest-point law', () => {
    const drift = {
      ...STEPPERS.gd,
      make: (Bk, s) => {
        const g = gd(Bk, { lr: Bk.num(s.lr) });
        return { ...g, step: (F, st, k) => ({ theta: Bk.vshift(g.step(F, st, k).theta, Bk.num('0.001')) }) };
      },
    } satisfies StepperEntry<{ lr: string }>;
    expect(lawNamed(drift as StepperEntry<unknown>, 'lr = 0').run).toThrow();
  });

  it('an sgd whose draws depend on the backend fails the f64-tracks-reference law', () => {
    const mutant = {
      ...STEPPERS.sgd,
      make: (Bk, s, size) =>
        STEPPERS.sgd.make(Bk, { ...s, seed: s.seed + (Bk.id === 'f64' ? 1 : 0), noise: '0.5' }, size),
    } satisfies StepperEntry<Parameters<typeof STEPPERS.sgd.make>[1]>;
    expect(f64TracksReferenceLaw(mutant as StepperEntry<unknown>, refList[0]!, { numRuns: 20 }).run).toThrow();
  });
});
