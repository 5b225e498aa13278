/**
 * Ball arithmetic: midpoint–radius values with rigorous radii over any Backend (ball.ts), and the rounding model
 * that makes the radii upper bounds (rounding.ts).
 */
export { ballArith, isBall, BallDomainError, type Ball, type BallArith, type VecBall, type MatBall } from './ball.js';
export { TRANSCENDENTAL_ULPS } from './rounding.js';
