/**
 * The dd matrix kernels: dense row-major matrices of interleaved (hi, lo) pairs, zero-copy views to and from vectors,
 * and the BLAS-2/3 kernels over the shared inner loops of ddDot.ts. Pure functions: every kernel returns a new matrix.
 */
import { ddParse, ddShow } from './ddIO.js';
import { dot2Into, dotInto, el, scalInto, type DDVec } from './ddDot.js';
import type { DDScalar } from './ddMath.js';
import { doubles } from './packed.js';
import { checkSame } from './ddVector.js';
import type { Num } from './types.js';

/** A dense row-major double-double matrix; entry (i, j) is the interleaved pair at data[2(i·cols + j)]. */
export interface DDMat {
  readonly rows: number;
  readonly cols: number;
  readonly data: number[];
}

/** Row-major matrix from rows of exact decimal strings. */
export function mat(rows: readonly (readonly Num[])[]): DDMat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const data = doubles(2 * r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`mat: row ${i} has ${row.length} entries, expected ${c}`);
    row.forEach((x, j) => {
      const v = ddParse(x, `mat[${i}][${j}]`);
      data[2 * (i * c + j)] = v.hi;
      data[2 * (i * c + j) + 1] = v.lo;
    });
  });
  return { rows: r, cols: c, data };
}

/** Exact decimal strings of the entries, by rows. */
export function mshow(A: DDMat): Num[][] {
  return Array.from({ length: A.rows }, (_, i) =>
    Array.from({ length: A.cols }, (_, j) => ddShow(A.data[2 * (i * A.cols + j)]!, A.data[2 * (i * A.cols + j) + 1]!)),
  );
}

/** Entry (i, j) (range-checked). */
export function mget(A: DDMat, i: number, j: number): DDScalar {
  if (!(i >= 0 && i < A.rows && j >= 0 && j < A.cols)) {
    throw new RangeError(`mget: index (${i}, ${j}) out of range for a ${A.rows}×${A.cols} matrix`);
  }
  return el(A.data, i * A.cols + j);
}

/** Zero-copy view of x as an r×c matrix. */
export function reshape(x: DDVec, r: number, c: number): DDMat {
  if (x.length >> 1 !== r * c) throw new RangeError(`reshape: length ${x.length >> 1} is not ${r}×${c}`);
  return { rows: r, cols: c, data: x };
}

/** The n×n identity. */
export function eye(n: number): DDMat {
  const data = doubles(2 * n * n);
  for (let i = 0; i < n; i++) data[2 * (i * n + i)] = 1;
  return { rows: n, cols: n, data };
}

/** The diagonal matrix of x. */
export function diag(x: DDVec): DDMat {
  const n = x.length >> 1;
  const data = doubles(2 * n * n);
  for (let i = 0; i < n; i++) {
    data[2 * (i * n + i)] = x[2 * i]!;
    data[2 * (i * n + i) + 1] = x[2 * i + 1]!;
  }
  return { rows: n, cols: n, data };
}

/** Column j. */
export function col(A: DDMat, j: number): DDVec {
  const z = doubles(2 * A.rows);
  for (let i = 0; i < A.rows; i++) {
    z[2 * i] = A.data[2 * (i * A.cols + j)]!;
    z[2 * i + 1] = A.data[2 * (i * A.cols + j) + 1]!;
  }
  return z;
}

/** Aᵀ. */
export function transpose(A: DDMat): DDMat {
  const { rows: r, cols: c, data: a } = A;
  const data = doubles(2 * r * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      data[2 * (j * r + i)] = a[2 * (i * c + j)]!;
      data[2 * (j * r + i) + 1] = a[2 * (i * c + j) + 1]!;
    }
  }
  return { rows: c, cols: r, data };
}

/** A·x, or Aᵀ·x when trans: dot products in pairs (two accumulation chains). */
export function gemv(A: DDMat, x: DDVec, trans = false): DDVec {
  const { rows: r, cols: c, data } = A;
  const m = trans ? c : r;
  const k = trans ? r : c;
  checkSame(k, x.length >> 1, trans ? 'gemv(trans)' : 'gemv');
  const z = doubles(2 * m);
  // entries in pairs (two interleaved accumulation chains): row i of A (stride 1) or column i of A (stride c)
  const st = trans ? 1 : c;
  const xs = trans ? c : 1;
  let i = 0;
  for (; i + 1 < m; i += 2) dot2Into(data, i * st, (i + 1) * st, xs, x, k, z, 2 * i, 2 * i + 2);
  if (i < m) dotInto(data, i * st, xs, x, 0, 1, k, z, 2 * i);
  return z;
}

/** op(A)·op(B), op = transpose when the flag is set. */
export function gemm(A: DDMat, Bm: DDMat, transA = false, transB = false): DDMat {
  const m = transA ? A.cols : A.rows;
  const k = transA ? A.rows : A.cols;
  const k2 = transB ? Bm.cols : Bm.rows;
  const n = transB ? Bm.rows : Bm.cols;
  checkSame(k, k2, 'gemm');
  const data = doubles(2 * m * n);
  // op(A)[i][l] = A[l][i] (transA) at entry i + l·A.cols, else A[i][l] at i·A.cols + l
  const aStride = transA ? A.cols : 1;
  const bStride = transB ? 1 : Bm.cols;
  for (let i = 0; i < m; i++) {
    const aOff = transA ? i : i * A.cols;
    for (let j = 0; j < n; j++) {
      const bOff = transB ? j * Bm.cols : j;
      dotInto(A.data, aOff, aStride, Bm.data, bOff, bStride, k, data, 2 * (i * n + j));
    }
  }
  return { rows: m, cols: n, data };
}

/** Outer product x·yᵀ (row i is x_i·y, the scal kernel). */
export function ger(x: DDVec, y: DDVec): DDMat {
  const r = x.length >> 1;
  const c = y.length >> 1;
  const data = doubles(2 * r * c);
  // row i = x_i · y (the scal kernel)
  for (let i = 0; i < r; i++) scalInto(el(x, i), y, data, 2 * i * c);
  return { rows: r, cols: c, data };
}
