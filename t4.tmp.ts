import { f64Backend } from './src/numeric/f64.js';
import { ddBackend } from './src/numeric/dd.js';
import { decBackend } from './src/numeric/decimal.js';
import { eigh } from './src/linalg/eigh.js';
import { svd } from './src/linalg/svd.js';
for (const [B, n] of [[f64Backend(), 64], [ddBackend(), 64], [decBackend(50), 16]] as any[]) {
  const a = Array.from({length:n},(_,i)=>Array.from({length:n},(_,j)=>String(((i*7+j*13+i*j)%17 - 8)/4 + (i===j? 0:0))));
  for (let i=0;i<n;i++) for (let j=0;j<i;j++) a[i][j]=a[j][i];
  let t=Date.now(); const e = eigh(B, B.mat(a)); const te=Date.now()-t;
  t=Date.now(); const s = svd(B, B.mat(a)); const ts=Date.now()-t;
  const nf = B.toNumber(B.nrm2(B.flatten(B.mat(a))));
  const maxErr = Math.max(...e.errors.map((x:any)=>B.toNumber(x)));
  const maxS = Math.max(...s.errors.map((x:any)=>B.toNumber(x)));
  console.log(B.id, n, 'eigh', te, 'ms sweeps', e.sweeps, 'maxErr/(n u |A|)', maxErr/(n*B.toNumber(B.eps)*nf), 'svd', ts, 'ms', maxS/(n*B.toNumber(B.eps)*nf));
}
