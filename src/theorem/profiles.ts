/**
 * Settings profiles (Hypothesis-style), chosen by THM_PROFILE or --profile: quick (f64), ci (dd, seeds derived from the
 * theorem id so a commit's run is reproducible), nightly (dd, fresh seeds, printed).
 */
import { inputError } from '../errors.js';
import type { Budget, ProfileName } from './types.js';

export interface Profile {
  readonly name: ProfileName;
  /** Backend of the generate/shrink phases. */
  readonly backend: string;
  readonly runs: number;
  /** Share of `runs` given to the targeted phase (slack-guided mutation of the random phase's tightest samples). */
  readonly targetedShare: number;
  readonly negativeRuns: number;
  /** Soft per-theorem time budget; the hard budget (process killed) is derived from it. */
  readonly timeMs: number;
  /** Referee digits p: a counterexample is re-run at dec:p and dec:2p. */
  readonly refereeDigits: number;
  /** 'derived': seed = hash of the theorem id; 'fresh': random per run (printed). */
  readonly seeds: 'derived' | 'fresh';
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  quick: {
    name: 'quick',
    backend: 'f64',
    runs: 25,
    targetedShare: 0.2,
    negativeRuns: 25,
    timeMs: 30_000,
    refereeDigits: 50,
    seeds: 'derived',
  },
  ci: {
    name: 'ci',
    backend: 'dd',
    runs: 100,
    targetedShare: 0.2,
    negativeRuns: 50,
    timeMs: 60_000,
    refereeDigits: 50,
    seeds: 'derived',
  },
  nightly: {
    name: 'nightly',
    backend: 'dd',
    runs: 1000,
    targetedShare: 0.2,
    negativeRuns: 200,
    timeMs: 600_000,
    refereeDigits: 50,
    seeds: 'fresh',
  },
};

export function isProfileName(x: string): x is ProfileName {
  return Object.hasOwn(PROFILES, x);
}

/** The profile named by `name`, else THM_PROFILE, else `fallback`. */
export function profileFrom(name: string | undefined, fallback: ProfileName = 'ci'): Profile {
  const n = name ?? process.env.THM_PROFILE ?? fallback;
  if (!isProfileName(n))
    throw inputError(
      `profile: ${JSON.stringify(n)} is not one of quick | ci | nightly (check --profile / THM_PROFILE)`,
    );
  return PROFILES[n];
}

/** The profile with a theorem's own budget override applied. */
export function withBudget(p: Profile, b: Budget | undefined): Profile {
  return b ? { ...p, ...b } : p;
}

/** Stable 32-bit signed seed from a theorem id (FNV-1a), so ci runs are reproducible per commit. */
export function seedFromId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function freshSeed(): number {
  return (Date.now() ^ (Math.random() * 0x100000000)) | 0;
}

export function seedFor(p: Profile, id: string, explicit?: number): number {
  if (explicit !== undefined) return explicit;
  return p.seeds === 'derived' ? seedFromId(id) : freshSeed();
}
