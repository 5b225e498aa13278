/**
 * The `thm check --json` document (format version 1, described by schemas/check-results.schema.json) and its reader
 * for `thm report --from`: every document read is validated against that schema, so a field of the wrong type is an
 * input error naming the file and the field, never a crash later.
 */
import fs from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { inputError } from '../errors.js';
import { parseJson } from './json.js';
import type { TheoremResult } from '../theorem/verify.js';
import type { ProfileName } from '../theorem/types.js';
import { TOOL_NAME, version } from './version.js';

export const CHECK_JSON_SCHEMA_VERSION = 1;
export const CHECK_JSON_SCHEMA_FILE = new URL('../../schemas/check-results.schema.json', import.meta.url);

/**
 * A result as written by `thm check`: the verifier's result plus the theorem's area (JUnit classname, report group).
 */
export type CheckedTheorem = TheoremResult & { readonly area: string };

export interface Shard {
  readonly index: number;
  readonly total: number;
}

export interface CheckDocument {
  readonly schema: typeof CHECK_JSON_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly profile: ProfileName;
  readonly date: string;
  readonly selfCheck: boolean;
  readonly interrupted: boolean;
  readonly shard: Shard | null;
  readonly summary: {
    readonly theorems: number;
    readonly passed: number;
    readonly failed: number;
    readonly findings: number;
  };
  readonly results: readonly CheckedTheorem[];
}

export function checkDocument(
  results: readonly CheckedTheorem[],
  o: {
    profile: ProfileName;
    selfCheck: boolean;
    interrupted: boolean;
    shard: Shard | null;
  },
): CheckDocument {
  const passed = results.filter((r) => r.passed).length;
  return {
    schema: CHECK_JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: version() },
    profile: o.profile,
    date: new Date().toISOString(),
    selfCheck: o.selfCheck,
    interrupted: o.interrupted,
    shard: o.shard,
    summary: {
      theorems: results.length,
      passed,
      failed: results.length - passed,
      findings: results.filter((r) => r.finding).length,
    },
    results,
  };
}

let compiled: ValidateFunction | undefined;

/** The schema's validator (compiled once per process: the schema file is read-only data). */
export function checkJsonValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: false, strict: true }).compile(
    JSON.parse(fs.readFileSync(CHECK_JSON_SCHEMA_FILE, 'utf8')) as object,
  );
  return compiled;
}

/** Read and validate one `thm check --json` document; a problem is one input-error line naming the file and field. */
export function readCheckDocument(file: string): CheckDocument {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw inputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // strict: a byte-order mark is fine, a duplicate key or absurd nesting is an error naming it (src/cli/json.ts)
  const doc: unknown = parseJson(text, file);
  const schema = (doc as { schema?: unknown } | null)?.schema;
  if (typeof doc === 'object' && doc !== null && schema !== CHECK_JSON_SCHEMA_VERSION) {
    throw inputError(
      `${file}: schema: ${JSON.stringify(schema)} is not ${CHECK_JSON_SCHEMA_VERSION} (write it with this version of thm check --json)`,
    );
  }
  const validate = checkJsonValidator();
  if (!validate(doc)) {
    const e = validate.errors![0]!;
    const where = e.instancePath === '' ? '(top level)' : e.instancePath.slice(1).replaceAll('/', '.');
    throw inputError(
      `${file}: ${where}: ${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(' | ')})` : ''}`,
    );
  }
  return doc as CheckDocument;
}
