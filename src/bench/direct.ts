/**
 * W1 written directly against decimal.js (no Backend), to show that the dec backend adds no real overhead.
 */
import { Decimal } from 'decimal.js';
import { K, STEPS, type W1Data } from './workloads.js';

export function w1DecimalDirect(digits: number, data: W1Data): { loss: string; a0: string } {
  const D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN });
  const y = new D(1).div(100);
  const eta = new D(1).div(20);
  let a = data.a.map((x) => new D(x));
  let b = data.b.map((x) => new D(x));
  const dot = (): Decimal => {
    let s = a[0]!.mul(b[0]!);
    for (let i = 1; i < K; i++) s = s.plus(a[i]!.mul(b[i]!));
    return s;
  };
  for (let t = 0; t < STEPS; t++) {
    const c = eta.mul(dot().minus(y));
    const a1 = a.map((ai, i) => ai.minus(c.mul(b[i]!)));
    b = b.map((bi, i) => bi.minus(c.mul(a[i]!)));
    a = a1;
  }
  const r = dot().minus(y);
  return { loss: r.mul(r).mul(new D(1).div(2)).toString(), a0: a[0]!.toString() };
}
