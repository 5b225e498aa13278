/**
 * Regenerates fixtures/golden/<case>.json at dec:50: `npm run golden:update [-- case …]` (all cases by default).
 * Run only after an intended change of the engine's arithmetic, and review the diff.
 */
import { computeGolden, GOLDEN_CASE_NAMES, writeGolden, type GoldenCase } from './golden.js';

const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!GOLDEN_CASE_NAMES.includes(w as GoldenCase)) {
    console.error(`golden:update: unknown case ${JSON.stringify(w)} (cases: ${GOLDEN_CASE_NAMES.join(', ')})`);
    process.exit(2);
  }
}
for (const name of wanted.length > 0 ? (wanted as GoldenCase[]) : GOLDEN_CASE_NAMES) {
  const t = performance.now();
  const g = computeGolden(name);
  const file = writeGolden(name, g);
  console.log(
    `${name}: ${g.result}, ${g.trajectory.length} points → ${file} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
}
