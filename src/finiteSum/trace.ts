/**
 * Tracing a `Field` computation into straight-line code. Per-sample functions and statistics are written over a
 * `Field` (./field.ts), which has no comparison: what they compute from their inputs is a fixed sequence of field
 * operations. Running them once over a `Field<number>` whose values are register numbers records that sequence, so
 * it can be replayed on many inputs without allocating (./ballMachine.ts).
 *
 * Two rewrites, both exact (they change which operations run, never what a run computes):
 * - constant folding: an operation whose operands are all constants is evaluated once, at trace time, in the same
 *   ball arithmetic the replay stands for (a replay would compute the same ball every time);
 * - common subexpressions: the same operation on the same registers gets one register (t = x + y, shared by f_i,
 *   ∇f_i and the statistics).
 */
import type { Ball, BallArith } from '../ball/ball.js';
import type { Num, Repr } from '../numeric/types.js';
import type { Field } from './field.js';

export const OP_ADD = 0;
export const OP_SUB = 1;
export const OP_MUL = 2;
export const OP_DIV = 3;
export const OP_NEG = 4;
export const OP_EXP = 5;

/** A traced program: inputs in registers 0 … inputs − 1, constants after them, one new register per operation. */
export interface Program<R extends Repr> {
  readonly inputs: number;
  /** Quads (op, dst, a, b); b = −1 for unary operations. */
  readonly code: Int32Array;
  readonly registers: number;
  /** Constant registers and their balls. */
  readonly constants: readonly { readonly reg: number; readonly ball: Ball<R> }[];
  /** Registers of the traced function's results, in order. */
  readonly outputs: Int32Array;
}

/**
 * Trace `body` over `inputs` input registers. Constants fold in `K` (so folding throws what the ball arithmetic
 * throws, e.g. a division by a ball containing 0).
 */
export function traceProgram<R extends Repr>(
  K: BallArith<R>,
  inputs: number,
  body: (F: Field<number>, x: readonly number[]) => readonly number[],
): Program<R> {
  const code: number[] = [];
  const constants = new Map<number, Ball<R>>();
  const seen = new Map<string, number>();
  let next = inputs;
  const constant = (key: string, make: () => Ball<R>): number => {
    const hit = seen.get(key);
    if (hit !== undefined) return hit;
    const reg = next++;
    constants.set(reg, make());
    seen.set(key, reg);
    return reg;
  };
  const op = (o: number, a: number, b: number, fold: (x: Ball<R>, y: Ball<R>) => Ball<R>): number => {
    const key = `${o}:${a}:${b}`;
    const hit = seen.get(key);
    if (hit !== undefined) return hit;
    const ca = constants.get(a);
    const cb = b < 0 ? ca : constants.get(b);
    if (ca !== undefined && cb !== undefined) return constant(key, () => fold(ca, cb));
    const reg = next++;
    code.push(o, reg, a, b);
    seen.set(key, reg);
    return reg;
  };
  const F: Field<number> = {
    num: (x: Num) => constant(`n:${x}`, () => K.num(x)),
    int: (n: number) => constant(`i:${n}`, () => K.int(n)),
    add: (a, b) => op(OP_ADD, a, b, K.add),
    sub: (a, b) => op(OP_SUB, a, b, K.sub),
    mul: (a, b) => op(OP_MUL, a, b, K.mul),
    div: (a, b) => op(OP_DIV, a, b, K.div),
    neg: (a) => op(OP_NEG, a, -1, (x) => K.neg(x)),
    exp: (a) => op(OP_EXP, a, -1, (x) => K.exp(x)),
  };
  const xs = Array.from({ length: inputs }, (_, i) => i);
  const outputs = body(F, xs);
  return {
    inputs,
    code: Int32Array.from(code),
    registers: next,
    constants: [...constants].map(([reg, ball]) => ({ reg, ball })),
    outputs: Int32Array.from(outputs),
  };
}
