import type { Repr, V } from '../numeric/types.js';
import type { Objective } from '../objective.js';
type DF<R extends Repr> = (F: Objective<R>, t: V<R>, k: number) => unknown;
declare function f<R extends Repr, D extends { readonly [n: string]: DF<R> }>(F: Objective<R>, o: { steps: number; d?: D }): D;
declare const F: Objective<import('../numeric/f64.js').F64>;
export const r = f(F, { steps: 1, d: { a: (G, t, k) => G.value(t) + k } });
declare function g<R extends Repr, D extends { readonly [n: string]: DF<R> }>(F: Objective<R>, o: { steps: number; stop?: (F: Objective<R>, t: V<R>, k: number) => string; d?: D }): D;
export const r2 = g(F, { steps: 1, d: { a: (G, t, k) => G.value(t) + k } });
