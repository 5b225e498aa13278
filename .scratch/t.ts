import { ddLogisticGd } from '../src/numeric/ddLogisticGd.js';
import { logisticData } from '../src/bench/logistic.js';
const { X, y } = logisticData();
const Z: number[] = [];
for (let n = 0; n < 16; n++) for (let j = 0; j < 2; j++) { const v = (y[n] === '-1' ? -1 : 1) * Number(X[n]![j]); Z.push(v, 0); }
for (let r = 0; r < 8; r++) { const t0 = performance.now(); const w = ddLogisticGd(Z, 16, 2, [0, 0, 0, 0], 1 / 64, 0, 1_000_000); console.log((performance.now() - t0).toFixed(0), w.join(' ')); }
