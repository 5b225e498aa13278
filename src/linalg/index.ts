/**
 * Linear algebra over any Backend: symmetric eigensolver and SVD with rigorous error bars, linear solves.
 */
export { eigh, topEigen, bottomEigen } from './eigh.js';
export type { EighOptions, EighResult, EigenPair } from './eigh.js';
export { svd, topSingular, stableRank } from './svd.js';
export type { SvdOptions, SvdResult, TopSingular } from './svd.js';
export { solve, cholesky, solveSPD } from './solve.js';
export type { SolveResult, CholeskyResult } from './solve.js';
