/**
 * The explicit phase: witnesses (known instances; a `tight` one must reach equality), then the stored fixtures, each
 * checked (well-formed, filed under this theorem, named by its spec's hash, the theorem's spec shape) before replay.
 */
import { checkPlacement, fixtureError, isFixtureError, listFixtures, readFixture, type Fixture } from '../fixtures.js';
import { evaluateOn } from '../referee.js';
import { specShapeProblem } from '../specShape.js';
import { MSG } from '../verdicts.js';
import { failing, refereeFailure, report, sample, type Outcome, type Run } from './run.js';

export async function explicitWitnesses(run: Run, out: Outcome): Promise<void> {
  for (const [i, w] of (run.thm.witnesses ?? []).entries()) {
    run.phase('explicit');
    const r = sample(run, w, 'witnesses', 'explicit');
    if (failing(r)) {
      const j = await refereeFailure(run, r, w);
      report(run, out, j, {
        phase: 'witness',
        spec: w,
        reason: `witness ${i}: ${j.reason}`,
        replay: run.checkCmd(run.seed),
      });
    } else if (r.status === 'inconclusive') {
      out.problems.push(MSG.witnessInconclusive(i, r.reason ?? ''));
    } else if (run.thm.kind === 'tight') {
      const slack = r.judgement!.minSlack;
      const delta = run.thm.tightness ?? 1e-6;
      if (!(Math.abs(slack) <= delta)) out.problems.push(MSG.witnessNotTight(i, slack, delta));
    }
  }
}

/** Read one fixture and check it can be replayed here: well-formed, filed under this theorem, the theorem's shape. */
function loadFixture(run: Run, file: string): Fixture {
  const fx = readFixture(file);
  checkPlacement(file, fx, run.thm.id);
  run.phase('generate'); // the shape is learned by sampling the theorem's own arbitraries
  const bad = specShapeProblem(run.thm, fx.spec, run.prof.name);
  run.phase('explicit');
  if (bad !== null) throw fixtureError(file, bad.field, bad.detail);
  return fx;
}

export async function explicitFixtures(run: Run, out: Outcome): Promise<void> {
  if (run.fixturesDir === null) return;
  let files: string[];
  try {
    files = listFixtures(run.fixturesDir, run.thm.id);
  } catch (e) {
    if (!isFixtureError(e)) throw e;
    out.fixtureProblems.push({ file: e.file, field: e.field, message: e.message });
    return;
  }
  for (const file of files) {
    run.phase('explicit');
    let fx: Fixture;
    try {
      fx = loadFixture(run, file);
    } catch (e) {
      // one bad fixture is reported on its own; the other fixtures and the phases after still run
      if (!isFixtureError(e)) throw e;
      out.fixtureProblems.push({ file: e.file, field: e.field, message: e.message });
      continue;
    }
    const r = evaluateOn(run.thm, run.B, fx.spec);
    const replay = run.replayCmd(file);
    if (!failing(r)) {
      if (fx.status === 'open' && r.status === 'ok') out.notes.push(MSG.nowHolds(file, run.B.id));
      continue;
    }
    const j = await refereeFailure(run, r, fx.spec);
    if (fx.status === 'fixed' && (j.verdict === 'violated' || j.verdict === 'hypothesis_violated')) {
      out.problems.push(MSG.regression(file, j.verdict, j.reason, replay));
    }
    const explained = fx.status === 'explained' && j.verdict === 'violated';
    if (explained) out.notes.push(MSG.explained(file, fx.note));
    report(
      run,
      out,
      j,
      { phase: 'fixture', spec: fx.spec, fixture: file, fixtureStatus: fx.status, replay },
      !explained,
    );
  }
}
