import { ddLogisticGd, HIST } from './hist.js';
import { logisticData } from '../src/bench/logistic.js';
const { X, y } = logisticData();
const Z: number[] = [];
for (let n = 0; n < 16; n++) for (let j = 0; j < 2; j++) { const v = (y[n] === '-1' ? -1 : 1) * Number(X[n]![j]); Z.push(v, 0); }
ddLogisticGd(Z, 16, 2, [0, 0, 0, 0], 1 / 64, 0, 1_000_000);
const tot = HIST.reduce((a: number, b: number) => a + b, 0);
HIST.forEach((c: number, k: number) => c && console.log('2^-' + k, (c / tot * 100).toFixed(1) + '%'));
