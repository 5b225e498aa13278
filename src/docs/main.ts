/**
 * `npm run docs`: regenerate the README's catalogue and benchmark tables from the committed data,
 * docs/data/catalogue.json (`npm run -s check -- --json docs/data/catalogue.json`) and docs/data/bench.jsonl
 * (`npm run -s bench > docs/data/bench.jsonl`) and docs/data/search.jsonl (the JSON lines of
 * `npm run -s bench -- search` runs). `npm run docs -- --check` exits 1 when README.md differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReadme } from './readme.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readmeFile = path.join(ROOT, 'README.md');
const before = fs.readFileSync(readmeFile, 'utf8');
const after = renderReadme(before, ROOT);
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error('docs: README.md tables are not what docs/data/ generates; run `npm run docs`');
    process.exitCode = 1;
  } else console.log('docs: README.md tables are up to date');
} else if (after !== before) {
  fs.writeFileSync(readmeFile, after);
  console.log('docs: README.md tables regenerated from docs/data/');
} else console.log('docs: README.md tables already up to date');
