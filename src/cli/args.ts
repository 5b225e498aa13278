/**
 * Argument parsing for `thm` subcommands (node:util parseArgs), with usage errors that name the argument.
 */
import { parseArgs } from 'node:util';
import { inputError } from '../errors.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** A negative number as a value: `--seed -2045161133` is how the tool itself prints seeds. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Join `--opt -123` into `--opt=-123` for string options, so a negative number is taken as the option's value
 * (parseArgs would read it as a cluster of short options). Nothing after a bare `--` is touched.
 */
function joinNegativeValues(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** parseArgs' messages, shortened to one line that says what to write instead. */
function usageMessage(e: Error & { code?: string }): string {
  const first = e.message.split('\n')[0]!;
  const ambiguous = /^Option '(--[^' ]+)' argument is ambiguous/.exec(first);
  if (ambiguous) return `${ambiguous[1]}: its value starts with "-"; write ${ambiguous[1]}=VALUE`;
  const missing = /^Option '(--[^' ]+)(?: <value>)?' argument missing/.exec(first);
  if (missing) return `${missing[1]}: missing value`;
  const unknown = /^Unknown option '([^']+)'/.exec(first);
  if (unknown) return `unknown option ${JSON.stringify(unknown[1])}`;
  return first.replace(/\. To specify a positional argument.*$/, '');
}

/** Parse `argv` strictly; an unknown option or a missing value is a one-line usage error. */
export function parse(command: string, argv: readonly string[], options: OptionSpec): Parsed {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw inputError(`${command}: ${usageMessage(e as Error)} (see thm help)`);
  }
  // `--fixtures=` or `--json ""` (an unset shell variable) would otherwise mean the working directory
  for (const [name, v] of Object.entries(parsed.values))
    if (v === '') throw inputError(`${command}: --${name}: empty value`);
  return { values: parsed.values as Parsed['values'], positionals: parsed.positionals };
}

/** Commands that take no positional arguments: a stray one is a usage error, not silently ignored. */
export function noPositionals(command: string, positionals: readonly string[], usage: string): void {
  if (positionals.length > 0)
    throw inputError(`${command}: unexpected argument ${JSON.stringify(positionals[0])} (usage: ${usage})`);
}

/**
 * An integer option in [min, max] (default: ≥ 1, or a 32-bit signed integer when `signed`), or undefined when absent.
 */
export function intOption(
  v: string | boolean | undefined,
  name: string,
  opts: { min?: number; max?: number; signed?: boolean } = {},
): number | undefined {
  if (v === undefined) return undefined;
  const min = opts.min ?? (opts.signed ? -(2 ** 31) : 1);
  const max = opts.max ?? (opts.signed ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER);
  const n = typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range =
      opts.signed && opts.min === undefined && opts.max === undefined
        ? 'a 32-bit integer'
        : opts.max !== undefined
          ? `an integer in [${min}, ${max}]`
          : `an integer ≥ ${min}`;
    throw inputError(`--${name}: ${JSON.stringify(v)} must be ${range}`);
  }
  return n;
}

export function stringOption(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
