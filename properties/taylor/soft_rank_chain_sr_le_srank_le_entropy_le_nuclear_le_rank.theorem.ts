import {
  ballArith,
  claims,
  defineTheorem,
  softRanks,
  type Backend,
  type Ball,
  type Claim,
  type Measured,
  type Repr,
  type SoftRanks,
} from '../../src/index.js';
import { exactRank, softRankArb, type SoftRankSpec } from './softrank.lib.js';

const NAMES = ['stable', 'participation', 'entropy', 'nuclear'] as const;

/** The four soft ranks of an exact matrix as balls (each diagnostic's value ± err is a ball). */
function ranksOf<R extends Repr>(B: Backend<R>, H: string[][]): Record<(typeof NAMES)[number], Ball<R>> {
  const s: SoftRanks<R> = softRanks(B, B.mat(H));
  const ball = (m: Measured<R>): Ball<R> => ({ value: m.value, err: m.err });
  return {
    stable: ball(s.stable),
    participation: ball(s.participation),
    entropy: ball(s.entropy),
    nuclear: ball(s.nuclear),
  };
}

export default defineTheorem<SoftRankSpec>({
  id: 'soft_rank_chain_sr_le_srank_le_entropy_le_nuclear_le_rank',
  title:
    'Soft ranks: 1 ≤ stable rank ≤ participation ratio ≤ entropy rank ≤ nuclear ratio ≤ rank ≤ min(m, n), all equal when the nonzero singular values are, invariant under scaling and orthogonal maps',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`1 \le \frac{\|H\|_F^2}{\|H\|_2^2} \le \frac{\|H\|_F^4}{\|H^\top H\|_F^2} \le e^{\mathrm H_1(p)} \le \frac{\|H\|_*^2}{\|H\|_F^2} \le \operatorname{rank} H \le \min(m, n)`,
  refs: [
    { arxiv: '2502.13110', where: 'abstract (v2): a soft rank variant measures the quality of hidden-layer features' },
    {
      key: 'docs/theorems/taylor.md#t4-soft-ranks-and-the-renyi-chain',
      where: 'the four soft ranks as exponentials of Rényi entropies of p_i = s_i²/‖H‖_F² (derived)',
    },
  ],
  // Generic products P·Q (rank ≤ r, exact rank by elimination) and flat matrices c·[I_r 0; 0 0] (equality case).
  hypotheses: softRankArb(['generic', 'flat'], false),
  // Negative control: the chain reversed (sr ≥ srank ≥ e^{H₁} ≥ nuclear) on generic matrices, whose singular values
  // are distinct in general, so some reversed link fails by far more than the bars.
  violations: softRankArb(['generic'], true),
  budget: { ci: { runs: 60, negativeRuns: 20 } },
  evaluate(B, s) {
    const K = ballArith(B);
    const rank = exactRank(s.H);
    if (rank === 0) return { claims: [], inconclusive: 'H = 0: soft ranks are undefined' };
    const m = s.H.length;
    const n = s.H[0]!.length;
    const r = ranksOf(B, s.H);
    const chain = [K.int(1), r.stable, r.participation, r.entropy, r.nuclear, K.int(rank), K.int(Math.min(m, n))];
    const labels = ['1', 'sr', 'srank', 'exp H1', 'nuclear', 'rank', 'min(m,n)'];
    const out: Claim[] = [];
    for (let i = 0; i + 1 < chain.length; i++) {
      const label = `${labels[i]} <= ${labels[i + 1]}`;
      // the negative control reverses the soft links (sr ≥ srank ≥ e^{H₁} ≥ nuclear)
      if (s.reversed && i >= 1 && i <= 3) out.push(claims.ge(B, chain[i]!, chain[i + 1]!, label.replace('<=', '>=')));
      else out.push(claims.le(B, chain[i]!, chain[i + 1]!, label));
    }
    if (s.reversed) return { claims: out };
    // equality cases: all nonzero singular values equal (flat), or rank 1 — every soft rank is the rank
    if (s.kind === 'flat' || rank === 1) {
      for (const name of NAMES) out.push(claims.eq(B, r[name], K.int(rank), `${name} == rank`));
    }
    // invariance: the same four numbers for L·(cH)·R (c a power of 2, L and R exact orthogonal)
    const moved = ranksOf(B, s.moved);
    for (const name of NAMES) out.push(claims.eq(B, moved[name], r[name], `${name} invariant`));
    return { claims: out, observed: { rank: String(rank), scale: s.scale } };
  },
});
