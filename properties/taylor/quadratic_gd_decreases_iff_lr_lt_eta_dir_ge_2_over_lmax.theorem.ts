import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  spec,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
  type VecBall,
} from '../../src/index.js';

/** Instance: F(θ) = ½θᵀAθ with an exactly known spectrum (λ ∈ [1/16, 4], so A ≻ 0), a point θ; `flipAtTwoOverL`
 * marks the negative control (claim that every step above 2/λ_max increases F). */
interface DirSpec {
  readonly quad: spec.SpectralQuadraticSpec;
  readonly flipAtTwoOverL: boolean;
}

const quad = spec.spectralQuadratic({
  n: { min: 1, max: 4 },
  eigenvalues: spec.dyadic({ min: '0.0625', max: '4', bits: 4 }),
  maxReflections: 2,
});

export default defineTheorem<DirSpec>({
  id: 'quadratic_gd_decreases_iff_lr_lt_eta_dir_ge_2_over_lmax',
  title:
    'Quadratics: one GD step decreases F iff η < η_dir = 2‖g‖²/(gᵀAg), the flip is exactly at η_dir, and η_dir ≥ 2/λ_max (steps above 2/λ_max can decrease F)',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`F(\theta-\eta g)-F(\theta) = \eta\|g\|^2\bigl(\tfrac{\eta}{\eta_{\rm dir}}-1\bigr),\quad \eta_{\rm dir}=\frac{2\|g\|^2}{g^\top A g}\ \ge\ \frac{2}{\lambda_{\max}(A)}`,
  refs: [
    {
      arxiv: '2502.13110',
      where: 'abstract (v2): training beyond the edge of stability; the per-step threshold is derived',
    },
    {
      key: 'docs/theorems/taylor.md#t5-the-directional-step-threshold-of-a-quadratic',
      where: 'η_dir = −c_1/c_2 and the Rayleigh bound (derived)',
    },
  ],
  hypotheses: fc.record({ quad, flipAtTwoOverL: fc.constant(false) }),
  // Negative control: the folklore "a step with η > 2/λ_max increases the loss", claimed at η between 2/λ_max and
  // η_dir; any gradient not along the top eigenvector refutes it (a certified decrease above 2/λ_max).
  violations: fc.record({
    quad: spec.spectralQuadratic({
      n: { min: 2, max: 4 },
      eigenvalues: spec.dyadic({ min: '0.0625', max: '4', bits: 4 }),
      maxReflections: 2,
      coord: spec.dyadic({ min: '0.0625', max: '1', bits: 4 }), // every eigen-coordinate ≠ 0
    }),
    flipAtTwoOverL: fc.constant(true),
  }),
  witnesses: [
    {
      // A = diag(4, 1), θ = (0.25, 1): g = (1, 1), η_dir = 2·2/5 = 0.8 > 2/λ_max = 0.5
      quad: {
        A: {
          eigenvalues: ['4', '1'],
          eigenvectors: [
            ['1', '0'],
            ['0', '1'],
          ],
          matrix: [
            ['4', '0'],
            ['0', '1'],
          ],
        },
        theta0: ['0.25', '1'],
        coords: ['0.25', '1'],
      },
      flipAtTwoOverL: false,
    },
  ],
  budget: { ci: { runs: 60, negativeRuns: 20 } },
  evaluate(B, s) {
    const K = ballArith(B);
    const A = K.mnum(s.quad.A.matrix);
    const theta = K.vnum(s.quad.theta0);
    const half = K.num('0.5');
    const F = (x: VecBall<Opaque>) => K.mul(half, K.dot(x, K.gemv(A, x)));
    const g = K.gemv(A, theta); // the exact gradient, enclosed
    const gg = K.dot(g, g);
    const gAg = K.dot(g, K.gemv(A, g));
    if (K.containsZero(gAg)) return { claims: [], inconclusive: 'g = 0 (θ at the minimum)' };
    const etaDir = K.div(K.mul(K.int(2), gg), gAg);
    const twoOverL = K.div(K.int(2), K.num(s.quad.A.eigenvalues[0]!));
    const F0 = F(theta);
    // D(η) = F(θ − ηg) − F(θ) evaluated directly (not from the closed form), η a ball
    const D = (eta: Ball<Opaque>) => K.sub(F(K.vsub(theta, K.scal(eta, g))), F0);
    const frac = (p: number, q: number) => K.mul(etaDir, K.div(K.int(p), K.int(q)));
    const out: Claim[] = [];
    if (!s.flipAtTwoOverL) {
      out.push(claims.ge(B, etaDir, twoOverL, 'eta_dir >= 2/lambda_max'));
      out.push(claims.le(B, D(frac(15, 16)), K.int(0), 'decrease below eta_dir'));
      out.push(claims.eq(B, D(etaDir), K.int(0), 'flat at eta_dir'));
      out.push(claims.ge(B, D(frac(17, 16)), K.int(0), 'increase above eta_dir'));
      // the closed form, at a step in the middle: D(η) = η‖g‖²(η/η_dir − 1)
      const eta = frac(1, 2);
      out.push(claims.eq(B, D(eta), K.mul(K.mul(eta, gg), K.sub(K.div(eta, etaDir), K.int(1))), 'closed form'));
    }
    // beyond the edge of stability: a step in (2/λ_max, η_dir) decreases F (the control claims it increases F)
    if (B.cmp(K.lower(etaDir), K.upper(twoOverL)) > 0) {
      const mid = K.mul(half, K.add(etaDir, twoOverL));
      out.push(
        s.flipAtTwoOverL
          ? claims.ge(B, D(mid), K.int(0), 'increase above 2/lambda_max')
          : claims.le(B, D(mid), K.int(0), 'decrease above 2/lambda_max'),
      );
    } else if (s.flipAtTwoOverL) {
      return { claims: [], inconclusive: 'g along the top eigenvector: η_dir = 2/λ_max' };
    }
    const show = (x: Ball<Opaque>): Num => B.show(x.value);
    return { claims: out, observed: { eta_dir: show(etaDir), two_over_lambda_max: show(twoOverL) } };
  },
});
