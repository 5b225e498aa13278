/** Render the README's generated blocks from docs/data/ (shared by `npm run docs` and its test). */
import fs from 'node:fs';
import path from 'node:path';
import { parseSearch, searchTables } from '../bench/search/table.js';
import { benchRatios, benchTable, catalogueTable, parseBench, replaceBetween, type CatalogueRun } from './tables.js';

export const CATALOGUE_DATA = path.join('docs', 'data', 'catalogue.json');
export const BENCH_DATA = path.join('docs', 'data', 'bench.jsonl');
export const SEARCH_DATA = path.join('docs', 'data', 'search.jsonl');

/**
 * The catalogue block always; the benchmark block when docs/data/bench.jsonl exists (one full `npm run bench`); the
 * search block when docs/data/search.jsonl exists (`npm run -s bench -- search`, one or more runs).
 */
export function renderReadme(readme: string, root: string): string {
  const run = JSON.parse(fs.readFileSync(path.join(root, CATALOGUE_DATA), 'utf8')) as CatalogueRun;
  let out = replaceBetween(readme, 'catalogue', catalogueTable(run));
  const benchFile = path.join(root, BENCH_DATA);
  if (fs.existsSync(benchFile)) {
    const bench = parseBench(fs.readFileSync(benchFile, 'utf8'));
    out = replaceBetween(out, 'bench', `${benchTable(bench)}\n\n${benchRatios(bench)}`);
  }
  const searchFile = path.join(root, SEARCH_DATA);
  if (fs.existsSync(searchFile)) out = replaceBetween(out, 'search', searchTables(parseSearch(fs.readFileSync(searchFile, 'utf8'))));
  return out;
}
