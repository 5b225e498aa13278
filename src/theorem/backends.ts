/**
 * Backend ids → backends for the framework: f64 | dd | dec:<p> (DESIGN §2), with input errors naming the id.
 */
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { inputError } from './define.js';

const ID_RE = /^(f64|dd|dec:([1-9]\d{1,3}))$/;

/** Throws an InputError unless `id` is f64, dd or dec:<p>. */
export function checkBackendId(id: string, where = 'backend'): string {
  if (!ID_RE.test(id) || (id.startsWith('dec:') && Number(id.slice(4)) > 1000)) throw inputError(`${where}: ${JSON.stringify(id)} is not a backend id (use f64, dd or dec:<digits> with 10 ≤ digits ≤ 1000, e.g. dec:50)`);
  return id;
}

// dd comes through the registry (src/numeric/registry.ts), loaded lazily: the specifier is a variable so that the
// f64/dec paths do not depend on it. TODO(lead): once dd.ts has landed, replace all of this by backendFromId.
const REGISTRY = '../numeric/registry.js';
let registry: Promise<{ backendFromId(id: string): AnyBackend }> | undefined;
const cache = new Map<string, AnyBackend>();

/** The backend named `id` (cached: backends are stateless value factories). */
export async function getBackend(id: string): Promise<AnyBackend> {
  checkBackendId(id);
  const hit = cache.get(id);
  if (hit) return hit;
  let B: AnyBackend;
  if (id === 'f64') B = f64Backend();
  else if (id.startsWith('dec:')) B = decBackend(Number(id.slice(4)));
  else {
    registry ??= import(REGISTRY) as Promise<{ backendFromId(id: string): AnyBackend }>;
    let mod;
    try {
      mod = await registry;
    } catch {
      registry = undefined;
      throw inputError(`backend: ${id} is not available yet (src/numeric/registry.ts is missing); use --backend f64`);
    }
    B = mod.backendFromId(id);
  }
  cache.set(id, B);
  return B;
}

/** Referee ladder for digits p: dec:p then dec:2p. */
export function refereeIds(p: number): [string, string] {
  return [`dec:${p}`, `dec:${2 * p}`];
}
