/**
 * theoremcheck's public surface: what a user's theorem file imports (and nothing under src/ beyond this file).
 */
export type { Backend, AnyBackend, Num, Repr, S, V, M, MapOp, Measured } from './numeric/types.js';
export { f64Backend } from './numeric/f64.js';
export type { Model, Block } from './models/types.js';
export type { Loss } from './losses/types.js';
export type { Objective } from './objective.js';
