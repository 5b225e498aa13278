/**
 * Types of the theorem framework: a theorem is a data object; `evaluate(B, spec)` returns Evidence made of
 * named claims `lhs rel rhs` with an absolute error bar, all as exact decimal strings.
 */
import type { Arbitrary } from 'fast-check';
import type { Backend, Num, Repr } from '../numeric/types.js';

declare const scalarBrand: unique symbol;
declare const vectorBrand: unique symbol;
declare const matrixBrand: unique symbol;
/**
 * The backend representation as a theorem's `evaluate` sees it: scalars, vectors and matrices are three distinct
 * opaque types, reachable only through the Backend's kernels. (A type parameter `R extends Repr` does not do this:
 * TypeScript relates R['S'] to R['V'] through their common constraint `unknown`, so mixing them would compile.)
 * At run time B is any backend (f64, dd, dec:p); nothing in a theorem file may depend on which.
 */
export interface Opaque extends Repr {
  readonly S: { readonly [scalarBrand]: 'scalar' };
  readonly V: { readonly [vectorBrand]: 'vector' };
  readonly M: { readonly [matrixBrand]: 'matrix' };
}

/** Only a `theorem` whose claim is violated (certified) fails CI; a conjecture/phenomenon violation is a finding. */
export type TheoremStatus = 'theorem' | 'conjecture' | 'phenomenon';
/** PEPit's kinds: upper/lower/tight bounds, plus invariants and eventually-true statements. */
export type TheoremKind = 'upper' | 'lower' | 'tight' | 'invariant' | 'eventually';
export type ProfileName = 'quick' | 'ci' | 'nightly';
export type Rel = '<=' | '>=' | '==';

/** An arbitrary, or one chosen per profile. */
export type ProfileArbitrary<Spec> = Arbitrary<Spec> | ((profile: ProfileName) => Arbitrary<Spec>);

/** The arbitrary a profile uses. */
export function arbitraryFor<Spec>(a: ProfileArbitrary<Spec>, profile: ProfileName): Arbitrary<Spec> {
  return typeof a === 'function' ? a(profile) : a;
}

/** A pinpoint citation: an arXiv id (or a bibliography key) and where in it. */
export interface Ref {
  readonly arxiv?: string;
  readonly key?: string;
  readonly where: string;
}

/**
 * One checked statement `lhs rel rhs`. `err` is the absolute error bar of the computed lhs − rhs: the true difference
 * lies in [(lhs − rhs) − err, (lhs − rhs) + err]. The claim helpers add the representation error of `B.show`.
 */
export interface Claim {
  readonly label: string;
  readonly lhs: Num;
  readonly rel: Rel;
  readonly rhs: Num;
  readonly err: Num;
  /**
   * Set on a statistical claim (./statistical.ts): `err` includes a confidence radius that covers the true expectation
   * with probability ≥ 1 − delta over the sampled seeds; `samples` is the sample count. The referee certifies its
   * failure only when an independent rerun with fresh seeds and more samples fails too (./referee.ts).
   */
  readonly statistical?: { readonly delta: Num; readonly samples: number };
}

/** What one evaluation of a theorem on one instance produced. */
export interface Evidence {
  readonly claims: readonly Claim[];
  /** Measured quantities shown in reports (sharpness, steps to converge …). */
  readonly observed?: Readonly<Record<string, Num>>;
  /** The instance says nothing (e.g. did not converge within the horizon): counted as a discarded sample. */
  readonly inconclusive?: string;
  /** Mark the sample as vacuous by hand (the framework also detects vacuous claims itself). */
  readonly vacuous?: boolean;
  /** The materialized instance does not satisfy the hypotheses: a generator bug (verdict `hypothesis_violated`). */
  readonly hypothesisViolated?: string;
}

/** Per-profile budget override: number of generated samples, negative-control samples, soft time limit. */
export interface Budget {
  readonly runs?: number;
  readonly negativeRuns?: number;
  readonly timeMs?: number;
}

/** What a theorem file writes (the argument of `defineTheorem`). */
export interface TheoremDef<Spec> {
  /** snake_case, conclusion first; equals the file name `<id>.theorem.ts`. */
  readonly id: string;
  readonly title: string;
  readonly status: TheoremStatus;
  readonly kind: TheoremKind;
  /** The statement in LaTeX (use String.raw). */
  readonly claim: string;
  readonly refs: readonly Ref[];
  /**
   * Instances satisfying the hypotheses by construction (exact JSON specs). A function of the profile when the instance
   * size depends on it (e.g. a horizon of 10⁴ steps in ci, 10⁶ in nightly): the size then lives IN the spec, so a
   * stored counterexample replays identically whatever profile replays it.
   */
  readonly hypotheses: ProfileArbitrary<Spec>;
  /** Negative control: instances with one hypothesis broken; the claim must fail (certified) on some of them. */
  readonly violations: ProfileArbitrary<Spec>;
  /** Known extremal or representative instances, run first (for `tight`: must be within `tightness` of equality). */
  readonly witnesses?: readonly Spec[];
  /** Relative slack a `tight` witness must reach (default 1e-6). */
  readonly tightness?: number;
  readonly budget?: Partial<Record<ProfileName, Budget>>;
  /**
   * 'targeted' (default): part of the runs mutate the random phase's lowest-slack samples to drive the slack down;
   * 'random': uniform sampling only (when the slack says nothing about where failures are).
   */
  readonly search?: 'targeted' | 'random';
  /**
   * Deterministic in `spec`; synchronous; all numbers enter `B` via exact strings. `B` is typed over `Opaque`, so
   * scalars, vectors and matrices are distinct types in a theorem file while the same code runs on every backend
   * (any function generic in `R extends Repr` can be passed as evaluate too).
   */
  evaluate(B: Backend<Opaque>, spec: Spec): Evidence;
}

/** A validated theorem, as returned by `defineTheorem`. */
export interface Theorem<Spec = unknown> extends TheoremDef<Spec> {
  readonly __theorem: true;
}

/** Verdicts and their messages live in one table (verdicts.ts). */
export { VERDICTS, type Verdict } from './verdicts.js';
