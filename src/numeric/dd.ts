/**
 * `dd`: the double-double backend, the reference tier of the ci/nightly profiles. A value is an
 * unevaluated pair hi + lo; vectors and matrices are interleaved (hi, lo) PACKED_DOUBLE JS arrays. This file assembles
 * the backend from its parts: scalar arithmetic (ddMath.ts and the files it re-exports), vector kernels
 * (ddVector.ts), matrix kernels (ddMatrix.ts) and their shared inner loops (ddDot.ts). Kernels are monomorphic loops
 * with the error-free transforms written out inline (no per-element allocation); a NaN in the low word (overflow,
 * non-finite input, or a Veltkamp split beyond 2^996) sends that one element to the careful scalar code.
 */
import { ddParse, ddShow } from './ddIO.js';
import * as X from './ddMath.js';
import type { DDScalar } from './ddMath.js';
import * as M from './ddMatrix.js';
import type { DDMat } from './ddMatrix.js';
import * as Vk from './ddVector.js';
import type { DDVec } from './ddVector.js';
import { allFinite, concatDoubles, doubles } from './packed.js';
import type { AnyBackend, Backend } from './types.js';

export type { DDScalar } from './ddMath.js';
export type { DDVec } from './ddVector.js';
export type { DDMat } from './ddMatrix.js';
export { ddMapScalar } from './ddVector.js';

export interface DD {
  S: DDScalar;
  V: DDVec;
  M: DDMat;
}

/** Every backend `ddBackend()` made: fused paths over the dd representation (src/dynamics/fused.ts) bind to these. */
const DD_BACKENDS = new WeakSet<AnyBackend>();

/** B as the dd backend when `ddBackend()` made it (its values are then DDScalar/DDVec/DDMat), else undefined. */
export function asDdBackend(B: AnyBackend): Backend<DD> | undefined {
  return DD_BACKENDS.has(B) ? (B as Backend<DD>) : undefined;
}

/**
 * The double-double backend. Unit roundoff: eps = 2^-102 = 16u² (u = 2^-53), the smallest power of two that bounds
 * the relative error of every basic operation here (JMP 2017: add ≤ 3u², mul ≤ 7u², div ≤ 15u² + 56u³). 2^-104 = 4u²
 * would understate the FMA-free multiplication and the division. Precision carried is 106–107 bits: digits = 31.9.
 */
export function ddBackend(): Backend<DD> {
  const B: Backend<DD> = {
    id: 'dd',
    digits: 31.9,
    eps: X.dd(2 ** -102, 0),
    zero: X.DD_ZERO,
    one: X.DD_ONE,

    num: (x) => ddParse(x, 'num'),
    int: (n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`int: ${n} is not a safe integer`);
      return X.dd(n, 0);
    },
    show: (x) => ddShow(x.hi, x.lo),
    toNumber: (x) => x.hi + x.lo,
    fromDouble: (x) => X.dd(x, 0),

    // ---- scalars ---------------------------------------------------------------------------------------------------
    add: X.add,
    sub: X.sub,
    mul: X.mul,
    div: X.div,
    neg: X.neg,
    abs: X.abs,
    sqrt: X.sqrt,
    exp: X.exp,
    log: X.log,
    log1p: X.log1p,
    fn: Vk.ddMapScalar,
    powi: X.powi,
    cmp: (a, b) => (a.hi !== a.hi || b.hi !== b.hi ? 0 : X.cmp(a, b)),
    min: (a, b) => (X.cmp(a, b) < 0 ? a : b),
    max: (a, b) => (X.cmp(a, b) > 0 ? a : b),
    isFinite: X.isFiniteDD,
    isZero: (a) => a.hi === 0 && a.lo === 0,

    // ---- vectors ---------------------------------------------------------------------------------------------------
    vec: Vk.vec,
    vshow: Vk.vshow,
    pack: Vk.pack,
    unpack: Vk.unpack,
    dim: (x) => x.length >> 1,
    at: Vk.at,
    with: Vk.vwith,
    zeros: (n) => doubles(2 * n),
    fill: Vk.fill,
    basis: Vk.basis,
    concat: concatDoubles,
    // entry indices (negative from the end, clamped, truncated as in Array.prototype.slice) doubled to words
    slice: (x, s, e) => x.slice(2 * Math.trunc(s), 2 * Math.trunc(e)),
    toNumbers: Vk.toNumbers,
    axpy: Vk.axpy,
    scal: Vk.scal,
    vadd: (x, y) => Vk.addVec(x, y, 1, 'vadd'),
    vsub: (x, y) => Vk.addVec(x, y, -1, 'vsub'),
    vmul: Vk.vmul,
    vdiv: Vk.vdiv,
    vshift: Vk.vshift,
    dot: Vk.dot,
    nrm2: Vk.nrm2,
    sum: Vk.sum,
    amax: Vk.amax,
    map: Vk.map,
    allFinite,

    // ---- matrices --------------------------------------------------------------------------------------------------
    mat: M.mat,
    mshow: M.mshow,
    rows: (A) => A.rows,
    cols: (A) => A.cols,
    mget: M.mget,
    reshape: M.reshape,
    flatten: (A) => A.data,
    mzeros: (r, c) => ({ rows: r, cols: c, data: doubles(2 * r * c) }),
    eye: M.eye,
    diag: M.diag,
    row: (A, i) => A.data.slice(2 * i * A.cols, 2 * (i + 1) * A.cols),
    col: M.col,
    transpose: M.transpose,
    gemv: M.gemv,
    gemm: M.gemm,
    ger: M.ger,
  };
  DD_BACKENDS.add(B);
  return B;
}
