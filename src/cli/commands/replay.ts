/**
 * `thm replay FIXTURE [--theorem FILE] [--digits P]`: re-run one stored counterexample at each rung of the precision
 * ladder (f64, dd, dec:P, dec:2P, escalating to dec:4P and dec:8P as the referee does when the last two disagree) and
 * print the verdict. Exit 1 when it is (still) a certified violation or a theorem_error.
 */
import path from 'node:path';
import { getBackend } from '../../theorem/backends.js';
import { inputError } from '../../errors.js';
import { findTheoremFiles, idFromFile, loadTheoremFile } from '../../theorem/discover.js';
import { fixtureError, readFixture } from '../../theorem/fixtures.js';
import { specShapeProblem } from '../../theorem/specShape.js';
import { PROFILES } from '../../theorem/profiles.js';
import { classify, disagreeOnSameClaim, evaluateOn, refereeLadder, type Rung } from '../../theorem/referee.js';
import { canonicalJson } from '../../instances/canonical.js';
import { intOption, parse, stringOption } from '../args.js';

export const summary = 'replay a stored counterexample at f64, dd, dec:p and dec:2p';
export const usage = 'thm replay fixtures/counterexamples/<id>/<hash>.json [--theorem path/to/<id>.theorem.ts] [--digits P]';

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('replay', argv, { theorem: { type: 'string' }, digits: { type: 'string' } });
  if (positionals.length !== 1) throw inputError(`replay: expected exactly one fixture file, got ${positionals.length} (usage: ${usage})`);
  const fx = readFixture(positionals[0]!);
  const digits = intOption(values.digits, 'digits', { min: 10 }) ?? PROFILES.ci.refereeDigits;
  const explicit = stringOption(values.theorem);
  const file = explicit ?? findTheoremFiles().find((f) => idFromFile(f) === fx.theorem);
  if (file === undefined) throw inputError(`replay: theorem ${JSON.stringify(fx.theorem)} is not in the catalogue (pass --theorem path/to/${fx.theorem}.theorem.ts)`);
  const { theorem } = await loadTheoremFile(file);
  if (theorem.id !== fx.theorem) throw inputError(`replay: --theorem ${path.relative(process.cwd(), file)} is ${theorem.id}, but the fixture is for ${fx.theorem}`);
  const misfit = specShapeProblem(theorem, fx.spec); // a spec the theorem cannot read is an input error, not `undecided`
  if (misfit !== null) throw fixtureError(positionals[0]!, misfit.field, misfit.detail);

  console.log(`${fx.theorem}  [fixture ${fx.status}, recorded verdict ${fx.verdict}]`);
  console.log(`spec: ${canonicalJson(fx.spec)}`);
  const rungs: Rung[] = [];
  const ladder = refereeLadder(digits);
  const ids = ['f64', 'dd', ...ladder.slice(0, 2)];
  for (const [i, id] of ids.entries()) {
    let B;
    try {
      B = getBackend(id);
    } catch (e) {
      console.log(`${id.padEnd(8)} not available (${(e as Error).message})`);
      continue;
    }
    const r = evaluateOn(theorem, B, fx.spec);
    rungs.push(r);
    console.log(`${id.padEnd(8)} ${r.status}${r.reason ? ` — ${r.reason}` : ''}  (${r.ms.toFixed(0)} ms)`);
    for (const c of r.claims.slice(0, 5)) console.log(`         ${c.label}: ${c.lhs} ${c.rel} ${c.rhs} ± ${c.err}`);
    // escalate as the referee of `thm check` does: the last two rungs violate the same claim but disagree
    if (i >= 3 && i === ids.length - 1 && i - 2 < ladder.length - 1 && disagreeOnSameClaim(rungs.at(-2)!, r)) ids.push(ladder[i - 1]!);
  }
  const [p, p2] = rungs.slice(-2);
  const { verdict, reason } = classify(p!, p2!);
  console.log(`verdict: ${verdict} — ${reason}`);
  if (verdict !== fx.verdict) console.log(`note: the fixture recorded ${fx.verdict}`);
  return verdict === 'violated' || verdict === 'theorem_error' ? 1 : 0;
}
