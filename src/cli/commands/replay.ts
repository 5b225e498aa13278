/**
 * `thm replay FIXTURE [--theorem FILE] [--digits P]`: re-run one stored counterexample at each rung of the precision
 * ladder (f64, dd, then every referee rung: the dec:P cross-check and the certifying pair, mpfr:P and mpfr:2P —
 * theorem/ladder.ts — escalating to 4P and 8P as the referee does when the last two disagree) and print the verdict.
 * Exit 1 when it is (still) a certified violation or a theorem_error.
 */
import path from 'node:path';
import { getBackend } from '../../theorem/backends.js';
import { inputError } from '../../errors.js';
import { DEC_ID_MAX_DIGITS, DEC_ID_MIN_DIGITS, MPFR_ID_MAX_DIGITS } from '../../numeric/registry.js';
import { findTheoremFiles, idFromFile, loadTheoremFile } from '../../theorem/discover.js';
import { fixtureError, readFixture } from '../../theorem/fixtures.js';
import { specShapeProblem } from '../../theorem/specShape.js';
import { PROFILES } from '../../theorem/profiles.js';
import { combineCrossCheck, ladderIds, refereeLadder } from '../../theorem/ladder.js';
import {
  classify,
  disagreeOnSameClaim,
  escalationIds,
  evaluateOn,
  statisticalRerun,
  type Rung,
} from '../../theorem/referee.js';
import type { Verdict } from '../../theorem/types.js';
import { canonicalJson } from '../../instances/canonical.js';
import { claimText } from '../format.js';
import { intOption, parse, stringOption } from '../args.js';
import { readJsonFile } from '../json.js';

export const summary = 'replay a stored counterexample at f64, dd and every referee rung (dec:p, mpfr:p, mpfr:2p)';
export const usage =
  'thm replay fixtures/counterexamples/<id>/<hash>.json [--theorem path/to/<id>.theorem.ts] [--digits P]';

/**
 * The 2P rungs (dec:2P, or mpfr:2P) must be backends the registry has, so P is at most half their largest precision.
 */
export const MAX_REPLAY_DIGITS = Math.floor(Math.min(DEC_ID_MAX_DIGITS, MPFR_ID_MAX_DIGITS) / 2);

/**
 * The replay verdict from the rungs that ran. Certification needs both certifying rungs (theorem/ladder.ts); a fixture
 * that is fine at every rung now holds (the bug it recorded is gone), which is not a precision artifact.
 */
export function replayVerdict(
  ran: readonly Rung[],
  missing: readonly string[],
  referees: readonly [string, string],
): { verdict: Verdict; reason: string } {
  const p = ran.find((r) => r.backend === referees[0]);
  const p2 = ran.find((r) => r.backend === referees[1]);
  if (p === undefined || p2 === undefined) {
    return {
      verdict: 'undecided',
      reason: `${[referees[0], referees[1]].filter((id) => missing.includes(id)).join(' and ')} did not run: nothing is certified`,
    };
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
  if (positionals.length !== 1)
    throw inputError(`replay: expected exactly one fixture file, got ${positionals.length} (usage: ${usage})`);
  const digits =
    intOption(values.digits, 'digits', { min: DEC_ID_MIN_DIGITS, max: MAX_REPLAY_DIGITS }) ?? PROFILES.ci.refereeDigits;
  checkFixtureJson(positionals[0]!);
  const fx = readFixture(positionals[0]!);
  const explicit = stringOption(values.theorem);
  const file = explicit ?? findTheoremFiles().find((f) => idFromFile(f) === fx.theorem);
  if (file === undefined)
    throw inputError(
      `replay: theorem ${JSON.stringify(fx.theorem)} is not in the catalogue (pass --theorem path/to/${fx.theorem}.theorem.ts)`,
    );
  const { theorem } = await loadTheoremFile(file);
  if (theorem.id !== fx.theorem)
    throw inputError(
      `replay: --theorem ${path.relative(process.cwd(), file)} is ${theorem.id}, but the fixture is for ${fx.theorem}`,
    );
  // a spec the theorem cannot read is an input error, not `undecided`
  const misfit = specShapeProblem(theorem, fx.spec);
  if (misfit !== null) throw fixtureError(positionals[0]!, misfit.field, misfit.detail);

  console.log(`${fx.theorem}  [fixture ${fx.status}, recorded verdict ${fx.verdict}]`);
  console.log(`spec: ${canonicalJson(fx.spec)}`);
  const ladder = await refereeLadder(digits);
  const escalation = escalationIds(ladder.certify);
  const rungs: Rung[] = [];
  const missing: string[] = [];
  const runRung = (id: string): Rung | undefined => {
    let B;
    try {
      B = getBackend(id);
    } catch (e) {
      missing.push(id);
      console.log(`${id.padEnd(8)} not available (${(e as Error).message})`);
      return undefined;
    }
    const r = evaluateOn(theorem, B, fx.spec);
    rungs.push(r);
    console.log(`${id.padEnd(8)} ${r.status}${r.reason ? ` — ${r.reason}` : ''}  (${r.ms.toFixed(0)} ms)`);
    for (const c of r.claims.slice(0, 5)) console.log(`         ${claimText(c)}`);
    return r;
  };
  for (const id of ['f64', 'dd', ...ladderIds(ladder)]) runRung(id);
  // escalate as the referee of `thm check` does: the last two certifying rungs violate the same claim but disagree
  let pair: [string, string] = [ladder.certify[0], ladder.certify[1]];
  for (let k = 2; k < escalation.length; k++) {
    const a = rungs.find((r) => r.backend === pair[0]);
    const b = rungs.find((r) => r.backend === pair[1]);
    if (a === undefined || b === undefined || !disagreeOnSameClaim(a, b)) break;
    if (runRung(escalation[k]!) === undefined) break;
    pair = [pair[1], escalation[k]!];
  }
  const certified = replayVerdict(rungs, missing, pair);
  // after an escalation the decimal cross-check runs at the precision of the pair that decided, as in the referee
  const crossId = ladder.crossCheck === null ? null : `dec:${/:(\d+)$/.exec(pair[0])?.[1] ?? digits}`;
  if (crossId !== null && certified.verdict === 'violated' && !rungs.some((r) => r.backend === crossId))
    runRung(crossId);
  const cross = crossId === null ? undefined : rungs.find((r) => r.backend === crossId);
  const top = pair.map((id) => rungs.find((r) => r.backend === id));
  const crossed =
    cross === undefined || certified.verdict !== 'violated' || top.includes(undefined)
      ? certified
      : combineCrossCheck({ ...certified, rungs: top as Rung[] }, cross);
  // a failure certified only on statistical claims must reproduce on a fresh-seed rerun, as in the referee
  const rerun = top.includes(undefined)
    ? null
    : statisticalRerun(theorem, fx.spec, pair, { ...crossed, rungs: top as Rung[] });
  for (const r of rerun?.rungs.slice(top.length) ?? [])
    console.log(`${r.backend} ${r.status}${r.reason ? ` — ${r.reason}` : ''}  (${r.ms.toFixed(0)} ms)`);
  const { verdict, reason } = rerun ?? crossed;
  console.log(`verdict: ${verdict} — ${reason}`);
  if (verdict === 'holds' && fx.status === 'open')
    console.log(`note: ${positionals[0]} now holds: mark it fixed if that is why`);
  else if (verdict !== fx.verdict) console.log(`note: the fixture recorded ${fx.verdict}`);
  return verdict === 'violated' || verdict === 'theorem_error' ? 1 : 0;
}
