/**
 * Canonical JSON and content hashes of specs, for fixture file names (fixtures/counterexamples/<id>/<hash>.json).
 */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no whitespace, so equal specs give equal strings. Throws on values
 * JSON cannot represent faithfully (undefined in arrays, functions, bigint, non-finite numbers), naming the path.
 */
export function canonicalJson(value: unknown): string {
  return enc(value, 'spec');
}

function enc(v: unknown, path: string): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      throw new RangeError(`${path}: ${v} is not representable in JSON (write numbers as decimal strings)`);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x, i) => enc(x, `${path}[${i}]`)).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined) // as JSON.stringify drops them
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${enc((v as Record<string, unknown>)[k], `${path}.${k}`)}`).join(',')}}`;
  }
  throw new TypeError(`${path}: a ${typeof v} cannot appear in a spec (specs are plain JSON)`);
}

/** First `length` hex digits (default 12) of sha256(canonicalJson(spec)): a stable, short fixture name. */
export function specHash(spec: unknown, length = 12): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, length);
}
