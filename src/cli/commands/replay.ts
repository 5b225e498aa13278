/**
 * `thm replay FIXTURE [--theorem FILE] [--digits P]`: re-run one stored counterexample at each rung of the precision
 * ladder (f64, dd, then every referee rung: dec:P, mpfr:P, mpfr:2P — theorem/ladder.ts) and print the referee's
 * verdict, the decimal cross-check always included. Exit 1 when it is (still) a certified violation.
 */
import path from 'node:path';
import { getBackend } from '../../theorem/backends.js';
import { inputError } from '../../errors.js';
import { DEC_ID_MAX_DIGITS, DEC_ID_MIN_DIGITS, MPFR_ID_MAX_DIGITS } from '../../numeric/registry.js';
import { findTheoremFiles, idFromFile, loadTheoremFile } from '../../theorem/discover.js';
import { readFixture } from '../../theorem/fixtures.js';
import { PROFILES } from '../../theorem/profiles.js';
import { combineCrossCheck, ladderIds, refereeLadder } from '../../theorem/ladder.js';
import { classify, evaluateOn, type Rung } from '../../theorem/referee.js';
import type { Verdict } from '../../theorem/types.js';
import { canonicalJson } from '../../instances/canonical.js';
import { intOption, parse, stringOption } from '../args.js';
import { readJsonFile } from '../json.js';

export const summary = 'replay a stored counterexample at f64, dd and every referee rung (dec:p, mpfr:p, mpfr:2p)';
export const usage = 'thm replay fixtures/counterexamples/<id>/<hash>.json [--theorem path/to/<id>.theorem.ts] [--digits P]';

/** The 2P rungs (dec:2P, or mpfr:2P) must be backends the registry has, so P is at most half their largest precision. */
export const MAX_REPLAY_DIGITS = Math.floor(Math.min(DEC_ID_MAX_DIGITS, MPFR_ID_MAX_DIGITS) / 2);

/**
 * The replay verdict from the rungs that ran. Certification needs both certifying rungs (theorem/ladder.ts); a fixture that
 * is fine at every rung now holds (the bug it recorded is gone), which is not a precision artifact.
 */
export function replayVerdict(ran: readonly Rung[], missing: readonly string[], referees: readonly [string, string]): { verdict: Verdict; reason: string } {
  const p = ran.find((r) => r.backend === referees[0]);
  const p2 = ran.find((r) => r.backend === referees[1]);
  if (p === undefined || p2 === undefined) {
    return { verdict: 'undecided', reason: `${[referees[0], referees[1]].filter((id) => missing.includes(id)).join(' and ')} did not run: nothing is certified` };
  }
  if (missing.length === 0 && ran.every((r) => r.status === 'ok')) {
    return { verdict: 'holds', reason: `now holds at every rung (${ran.map((r) => r.backend).join(', ')})` };
  }
  return classify(p, p2);
}

/**
 * Read the fixture strictly first (a directory or a missing file named as such; duplicate keys and absurd nesting,
 * which JSON.parse lets through, are errors naming the key), then validate it as a fixture.
 */
function checkFixtureJson(file: string): void {
  readJsonFile(file);
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('replay', argv, { theorem: { type: 'string' }, digits: { type: 'string' } });
  if (positionals.length !== 1) throw inputError(`replay: expected exactly one fixture file, got ${positionals.length} (usage: ${usage})`);
  const digits = intOption(values.digits, 'digits', { min: DEC_ID_MIN_DIGITS, max: MAX_REPLAY_DIGITS }) ?? PROFILES.ci.refereeDigits;
  checkFixtureJson(positionals[0]!);
  const fx = readFixture(positionals[0]!);
  const explicit = stringOption(values.theorem);
  const file = explicit ?? findTheoremFiles().find((f) => idFromFile(f) === fx.theorem);
  if (file === undefined) throw inputError(`replay: theorem ${JSON.stringify(fx.theorem)} is not in the catalogue (pass --theorem path/to/${fx.theorem}.theorem.ts)`);
  const { theorem } = await loadTheoremFile(file);
  if (theorem.id !== fx.theorem) throw inputError(`replay: --theorem ${path.relative(process.cwd(), file)} is ${theorem.id}, but the fixture is for ${fx.theorem}`);

  console.log(`${fx.theorem}  [fixture ${fx.status}, recorded verdict ${fx.verdict}]`);
  console.log(`spec: ${canonicalJson(fx.spec)}`);
  const ladder = await refereeLadder(digits);
  const referees = ladder.certify;
  const rungs: Rung[] = [];
  const missing: string[] = [];
  for (const id of ['f64', 'dd', ...ladderIds(ladder)]) {
    let B;
    try {
      B = getBackend(id);
    } catch (e) {
      missing.push(id);
      console.log(`${id.padEnd(8)} not available (${(e as Error).message})`);
      continue;
    }
    const r = evaluateOn(theorem, B, fx.spec);
    rungs.push(r);
    console.log(`${id.padEnd(8)} ${r.status}${r.reason ? ` — ${r.reason}` : ''}  (${r.ms.toFixed(0)} ms)`);
    for (const c of r.claims.slice(0, 5)) console.log(`         ${c.label}: ${c.lhs} ${c.rel} ${c.rhs} ± ${c.err}`);
  }
  const certified = replayVerdict(rungs, missing, referees);
  const cross = ladder.crossCheck === null ? undefined : rungs.find((r) => r.backend === ladder.crossCheck);
  const top = referees.map((id) => rungs.find((r) => r.backend === id));
  const { verdict, reason } = cross === undefined || certified.verdict !== 'violated' || top.includes(undefined)
    ? certified
    : combineCrossCheck({ ...certified, rungs: top as Rung[] }, cross);
  console.log(`verdict: ${verdict} — ${reason}`);
  if (verdict === 'holds' && fx.status === 'open') console.log(`note: ${positionals[0]} now holds: mark it fixed if that is why`);
  else if (verdict !== fx.verdict) console.log(`note: the fixture recorded ${fx.verdict}`);
  return verdict === 'violated' ? 1 : 0;
}
