/**
 * `thm boundary <id | file> --x PATH[=LO..HI] --y PATH[=LO..HI] [--grid N] [--others first|sampled] [--profile P]
 * [--backend B] [--seed S] [--contour NAME=VALUE] [--out FILE.svg]`: evaluate a theorem over a grid of two spec
 * parameters and write the heat map of the smallest claim slack with the verdict per cell (SVG) and the JSON behind
 * it (../boundary.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { inputError, isInputError } from '../../errors.js';
import { getBackend } from '../../theorem/backends.js';
import { profileFrom, seedFor } from '../../theorem/profiles.js';
import { boundarySvg } from '../../figures/boundaryMap.js';
import { intOption, parse, stringOption } from '../args.js';
import { boundaryMap, parseAxisArg, parseContour, type BoundaryMap } from '../boundary.js';
import { checkOutputFile } from '../lastRun.js';
import { resultsRoot, shownPath } from '../resultsRoot.js';
import { resolveTargets } from '../targets.js';

export const summary = 'evaluate a theorem over a grid of two spec parameters; heat map of the min slack (SVG + JSON)';
export const usage =
  'thm boundary <id | path/to/x.theorem.ts> --x PATH[=LO..HI] --y PATH[=LO..HI] [--grid N] [--others first|sampled] [--profile P] [--backend B] [--seed S] [--contour NAME=VALUE] [--out FILE.svg]';
export const help = [
  'Options:',
  '  --x PATH[=LO..HI]  first spec parameter (a dotted path: lr, w.0, init.a.1); without a range, the span of the',
  "                     path over samples of the theorem's hypotheses and violations",
  '  --y PATH[=LO..HI]  second spec parameter',
  '  --grid N           N × N cells (default 12, at most 100)',
  "  --others M         first (default): every other parameter from the theorem's first generated instance; sampled:",
  '                     from a generated instance per cell',
  '  --profile P        quick | ci | nightly: the generate backend and seed (default: THM_PROFILE, else ci)',
  "  --backend B        evaluate at B (f64 | dd | dec:N) instead of the profile's backend (cells are not refereed)",
  '  --seed S           seed of the base instance',
  "  --contour N=V      outline the cells where the theorem's observed quantity N is ≥ V (a known boundary)",
  '  --out FILE.svg     the map (default .tmp/thm/boundary/<id>.svg under the results root); FILE.json beside it',
].join('\n');

function summaryLine(m: BoundaryMap): string {
  const count = new Map<string, number>();
  for (const c of m.cells) count.set(c.verdict, (count.get(c.verdict) ?? 0) + 1);
  return [...count].map(([v, n]) => `${n} ${v}`).join(', ');
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('boundary', argv, {
    x: { type: 'string' },
    y: { type: 'string' },
    grid: { type: 'string' },
    others: { type: 'string' },
    profile: { type: 'string' },
    backend: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    contour: { type: 'string' },
  });
  if (positionals.length !== 1)
    throw inputError(
      positionals.length === 0
        ? `<id>: missing theorem (usage: ${usage})`
        : `unexpected argument ${JSON.stringify(positionals[1])} (one theorem per map)`,
    );
  const xArg = stringOption(values.x);
  const yArg = stringOption(values.y);
  if (xArg === undefined) throw inputError('--x: missing (a spec path like lr, or lr=0.1..2)');
  if (yArg === undefined) throw inputError('--y: missing (a spec path like w.0, or w.0=0.5..2)');
  const x = parseAxisArg(xArg, 'x');
  const y = parseAxisArg(yArg, 'y');
  const contourArg = stringOption(values.contour);
  const contour = contourArg === undefined ? undefined : parseContour(contourArg);
  const grid = intOption(values.grid, 'grid', { min: 2, max: 100 }) ?? 12;
  const others = stringOption(values.others) ?? 'first';
  if (others !== 'first' && others !== 'sampled')
    throw inputError(`--others: ${JSON.stringify(others)} must be first or sampled`);
  const profile = profileFrom(stringOption(values.profile));
  const B = getBackend(stringOption(values.backend) ?? profile.backend, '--backend');
  const seedArg = intOption(values.seed, 'seed', { signed: true });
  let loaded: Awaited<ReturnType<typeof resolveTargets>>;
  try {
    loaded = await resolveTargets(positionals);
  } catch (e) {
    if (!isInputError(e)) throw e;
    throw inputError(`<id>: ${(e as Error).message.replace(/^check: /, '')}`);
  }
  if (loaded.length !== 1)
    throw inputError(`<id>: ${positionals[0]} holds ${loaded.length} theorems; name one (one theorem per map)`);
  const t = loaded[0]!.theorem;
  const seed = seedFor(profile, t.id, seedArg);
  const svgFile = stringOption(values.out) ?? path.join(resultsRoot(), '.tmp', 'thm', 'boundary', `${t.id}.svg`);
  if (!svgFile.endsWith('.svg')) throw inputError(`--out: ${svgFile} must end in .svg (the JSON goes beside it)`);
  const jsonFile = `${svgFile.slice(0, -4)}.json`;
  checkOutputFile(svgFile, `--out ${svgFile}`);
  checkOutputFile(jsonFile, `--out ${jsonFile}`);
  fs.mkdirSync(path.dirname(path.resolve(svgFile)), { recursive: true });
  const t0 = performance.now();
  const m = boundaryMap(t, {
    x,
    y,
    grid,
    B,
    seed,
    profile: profile.name,
    others,
    ...(contour !== undefined ? { contour } : {}),
  });
  fs.writeFileSync(jsonFile, `${JSON.stringify(m, null, 2)}\n`);
  fs.writeFileSync(svgFile, await boundarySvg(m));
  console.log(
    `${t.id}: ${grid}×${grid} cells over ${x.path} × ${y.path} at ${B.id} (seed ${seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${summaryLine(m)}`,
  );
  console.log(`wrote ${shownPath(svgFile)} and ${shownPath(jsonFile)}`);
  return 0;
}
