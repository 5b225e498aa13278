/**
 * The score landscape the targeted phase sees on a planted claim: `npx tsx src/bench/search/landscape.ts [claim id]
 * [seed] [warmup]`. For the lowest-scoring warm-up samples (fast-check's own samples of the `hypotheses` arbitrary,
 * as `thm check` draws them), it prints every draw of the choice record (its range and bits) and the score (the
 * smallest claim slack, unsaturated: generate.ts `slackScore`; < 0 fails) at 12 positions along that draw, the others
 * kept. This shows which draws control which parameter, whether the score is monotone or unimodal along a draw, and
 * which draws are fast-check's bias decisions (one or two bits, re-reading every later draw when moved).
 */
import fc from 'fast-check';
import { getBackend } from '../../theorem/backends.js';
import type { AnyTheorem } from '../../theorem/define.js';
import {
  atPosition,
  drawBits,
  Recorded,
  regenerate,
  withChoice,
  type ChoiceRecord,
} from '../../theorem/phases/choices.js';
import { slackScore } from '../../theorem/phases/generate.js';
import { evaluateOn } from '../../theorem/referee.js';
import { PLANTED } from './planted.js';

const B = getBackend('f64');
/** Positions along a draw (finer near its low end, where a failure window of a wide draw is often narrow). */
const POSITIONS = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1];

function scoreOf(thm: AnyTheorem, spec: unknown): number {
  const r = evaluateOn(thm, B, spec);
  return r.judgement !== undefined ? slackScore(r.judgement) : NaN;
}

const rangeOf = (c: ChoiceRecord['choices'][number]) => (c.kind === 'double' ? '[0, 1)' : `[${c.min}, ${c.max}]`);

export function landscape(thm: AnyTheorem, seed: number, warmup: number, shown = 3): string {
  const arb = new Recorded(thm.hypotheses as fc.Arbitrary<unknown>);
  const seen: { rec: ChoiceRecord; spec: unknown; score: number }[] = [];
  fc.assert(
    fc.property(arb, (spec) => {
      seen.push({ rec: arb.last!, spec, score: scoreOf(thm, spec) });
      return true;
    }),
    { seed, numRuns: warmup },
  );
  const lines = [`${thm.id}, seed ${seed}: the ${warmup} warm-up samples (score, then draws as value[range])`];
  for (const s of seen)
    lines.push(
      `  ${s.score.toFixed(3).padStart(9)}  ${JSON.stringify(s.spec)}  ${s.rec.choices.map((c) => `${String(c.v)}${rangeOf(c)}`).join(' ')}`,
    );
  const best = seen.filter((s) => !Number.isNaN(s.score)).sort((a, b) => a.score - b.score);
  for (const s of best.slice(0, shown)) {
    lines.push(
      `score ${s.score.toFixed(3)} at ${JSON.stringify(s.spec)}, along each draw (position: instance = score):`,
    );
    s.rec.choices.forEach((c, at) => {
      const pts: string[] = [];
      for (const p of POSITIONS) {
        const g = regenerate(arb.inner, withChoice(s.rec, at, atPosition(c, p)), 0);
        const spec = g.value.value_;
        pts.push(`${p}: ${JSON.stringify(spec)} = ${scoreOf(thm, spec).toFixed(3)}`);
      }
      lines.push(`  draw ${at} ${rangeOf(c)} (${drawBits(c).toFixed(1)} bits)`, ...pts.map((p) => `    ${p}`));
    });
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [id = 'planted_horizon_off_by_one', seed = '1', warmup = '8'] = process.argv.slice(2);
  const claim = PLANTED.find((p) => p.theorem.id === id);
  if (claim === undefined) {
    process.stderr.write(`landscape: unknown claim ${id}; one of ${PLANTED.map((p) => p.theorem.id).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`${landscape(claim.theorem as AnyTheorem, Number(seed), Number(warmup))}\n`);
}
