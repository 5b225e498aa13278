/**
 * Taylor-mode differentiation over any Backend: truncated power series in one variable (series.ts) over plain or ball
 * coefficients (algebra.ts), forward passes of every registered model and loss on them (models.ts, losses.ts), and
 * the Taylor coefficients c_j of L(θ − ηΔ) with rigorous bars (taylor.ts).
 */
export { ballAlgebra, plainAlgebra, JetDomainError, type JetAlgebra, type JetBall, type JetFn } from './algebra.js';
export { jetOps, jetMid, type Jet, type JetOps, type JetActivation, type JetOptions } from './series.js';
export { JET_MODELS, jetModel, reluMlpJet, type JetNet } from './models.js';
export { JET_LOSSES, jetLoss, type JetLoss } from './losses.js';
export { taylor, taylorMid, lossSeries, lossOfParams, lossAtBall, type TaylorProblem } from './taylor.js';
export { preactivationPolys, certifyNoSignChange, certifySignChange, etaStar, type BallPoly } from './etaStar.js';
