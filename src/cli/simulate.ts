/**
 * `thm simulate --spec FILE [--backend f64|dd|dec:N] [--json]`: run one simulation spec (src/simulate/spec.ts) and
 * print its trajectory — exact JSON with --json, a compact table otherwise. stdout carries only the result; input
 * errors are one line on stderr naming the field (exit 2, via main.ts).
 */
import { inputError } from '../errors.js';
import { formatMoments } from '../simulate/moments.js';
import { formatTable, simulateAny } from '../simulate/simulate.js';
import { noPositionals, parse, stringOption } from './args.js';
import { readJsonFile } from './json.js';

export const summary =
  'run a simulation spec (model, data, loss, stepper, saves, diagnostics) and print its trajectory';
export const usage = 'thm simulate --spec FILE [--backend f64|dd|dec:N] [--json]';

/**
 * Reads and strictly parses the spec file (a byte-order mark is fine; duplicate keys and nesting deeper than
 * MAX_JSON_DEPTH are errors naming the key or the depth); errors name --spec.
 */
export function readSpecFile(file: string): unknown {
  return readJsonFile(file, `simulate: --spec ${file}`);
}

// eslint-disable-next-line @typescript-eslint/require-await -- same async signature as every other command's run
export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('simulate', argv, {
    spec: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals('simulate', positionals, usage);
  const file = stringOption(values.spec);
  if (file === undefined) throw inputError(`simulate: --spec FILE is required (usage: ${usage})`);
  const result = simulateAny(readSpecFile(file), { backend: stringOption(values.backend) ?? 'dd' });
  const table = 'output' in result ? formatMoments(result) : formatTable(result);
  process.stdout.write(values.json === true ? `${JSON.stringify(result)}\n` : `${table}\n`);
  return 0;
}
