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

/** Parse `argv` strictly; an unknown option or a missing value is a one-line usage error. */
export function parse(command: string, argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    throw inputError(`${command}: ${msg} (see thm help)`);
  }
}

/** A positive integer option, or undefined when absent. */
export function intOption(v: string | boolean | undefined, name: string, opts: { min?: number; signed?: boolean } = {}): number | undefined {
  if (v === undefined) return undefined;
  const re = opts.signed ? /^-?\d+$/ : /^\d+$/;
  const n = typeof v === 'string' && re.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < (opts.min ?? (opts.signed ? -(2 ** 31) : 1)) || (opts.signed && n >= 2 ** 31)) {
    throw inputError(`--${name}: ${JSON.stringify(v)} must be ${opts.signed ? 'a 32-bit integer' : `an integer ≥ ${opts.min ?? 1}`}`);
  }
  return n;
}

export function stringOption(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
