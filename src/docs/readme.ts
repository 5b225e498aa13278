/** Render the README's generated blocks from docs/data/ (shared by `npm run docs` and its test). */
import fs from 'node:fs';
import path from 'node:path';
import { benchRatios, benchTable, catalogueTable, parseBench, replaceBetween, type CatalogueRun } from './tables.js';

export const CATALOGUE_DATA = path.join('docs', 'data', 'catalogue.json');
export const BENCH_DATA = path.join('docs', 'data', 'bench.jsonl');

/** The catalogue block always; the benchmark block when docs/data/bench.jsonl exists (one full `npm run bench`). */
export function renderReadme(readme: string, root: string): string {
  const run = JSON.parse(fs.readFileSync(path.join(root, CATALOGUE_DATA), 'utf8')) as CatalogueRun;
  let out = replaceBetween(readme, 'catalogue', catalogueTable(run));
  const benchFile = path.join(root, BENCH_DATA);
  if (fs.existsSync(benchFile)) {
    const bench = parseBench(fs.readFileSync(benchFile, 'utf8'));
    out = replaceBetween(out, 'bench', `${benchTable(bench)}\n\n${benchRatios(bench)}`);
  }
  return out;
}
