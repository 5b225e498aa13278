/**
 * `thm simulate --spec FILE [--backend f64|dd|dec:N] [--json]`: run one simulation spec (src/simulate/spec.ts) and
 * print its trajectory — exact JSON with --json, a compact table otherwise. stdout carries only the result; input
 * errors are one line on stderr naming the field (exit 2, via main.ts).
 */
import fs from 'node:fs';
import { inputError } from '../errors.js';
import { formatTable, simulate } from '../simulate/simulate.js';
import { parse, stringOption } from './args.js';

export const summary = 'run a simulation spec (model, data, loss, stepper, saves, diagnostics) and print its trajectory';
export const usage = 'thm simulate --spec FILE [--backend f64|dd|dec:N] [--json]';

/** Reads and parses the spec file; errors name --spec. */
export function readSpecFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw inputError(`simulate: --spec ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw inputError(`simulate: --spec ${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('simulate', argv, {
    spec: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw inputError(`simulate: unexpected argument ${JSON.stringify(positionals[0])} (usage: ${usage})`);
  const file = stringOption(values.spec);
  if (file === undefined) throw inputError(`simulate: --spec FILE is required (usage: ${usage})`);
  const result = simulate(readSpecFile(file), { backend: stringOption(values.backend) ?? 'dd' });
  process.stdout.write(values.json === true ? `${JSON.stringify(result)}\n` : `${formatTable(result)}\n`);
  return 0;
}
