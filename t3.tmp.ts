import { f64Backend } from './src/numeric/f64.js';
import { ddBackend } from './src/numeric/dd.js';
import { decBackend } from './src/numeric/decimal.js';
import { eigh } from './src/linalg/eigh.js';
import { svd } from './src/linalg/svd.js';
import { householder, diagonal, mul, toStrings, frobenius, isDecimalDivisor } from './src/linalg/exact.testkit.js';
function rv(n: number): number[] { for(;;){ const v = Array.from({length:n},()=>Math.floor(Math.random()*7)-3); const s=v.reduce((a,x)=>a+x*x,0); if (s>0&&isDecimalDivisor(s)) return v; } }
for (const B of [f64Backend(), ddBackend(), decBackend(50)] as any[]) {
  let worst = 0, worstC = 0; const t0 = Date.now(); let sw = 0;
  for (let trial = 0; trial < 30; trial++) {
    const n = 1 + (trial % 8);
    const Q = mul(householder(rv(n)), householder(rv(n)));
    const d = Array.from({length:n},()=> String((Math.floor(Math.random()*129)-64)/8));
    const A = mul(mul(Q, diagonal(n,n,d)), Q, true);
    const nf = frobenius(A);
    const e = eigh(B, B.mat(toStrings(A)));
    sw = Math.max(sw, e.sweeps);
    const sorted = d.map(Number).sort((a,b)=>b-a);
    e.values.forEach((v: any, k: number) => {
      const dev = Math.abs(B.toNumber(B.sub(v, B.num(String(sorted[k])))));
      const err = B.toNumber(e.errors[k]);
      const inputErr = B.toNumber(B.eps)*nf*2;
      if (dev > err + inputErr) console.log('VIOLATION', B.id, n, k, dev, err);
      const ratio = err / (n * B.toNumber(B.eps) * nf);
      if (e.vectorErrors[k] !== B.one && B.toNumber(e.vectorErrors[k])<1) worst = Math.max(worst, ratio); else worstC = Math.max(worstC, ratio);
    });
  }
  console.log(B.id, 'isolated worst ratio', worst, 'cluster worst', worstC, 'maxSweeps', sw, Date.now()-t0, 'ms');
}
