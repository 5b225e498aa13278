/**
 * `thm report --from a.json b.json …`: the union of `thm check --json` documents (typically the n shards of one run).
 * One profile, no theorem twice; shards of a split run that are missing, or an interrupted document, are reported as
 * warnings and make the merged run fail (a CI merge job must not pass on a partial run).
 */
import { inputError } from '../errors.js';
import { readCheckDocument, type CheckDocument, type CheckedTheorem } from './checkJson.js';

export interface Merged {
  readonly results: readonly CheckedTheorem[];
  readonly profile: CheckDocument['profile'];
  /** Why the merged run is incomplete (missing shards, interrupted documents); empty when complete. */
  readonly warnings: readonly string[];
}

export function mergeCheckDocuments(files: readonly string[]): Merged {
  if (files.length === 0) throw inputError('report: --from needs at least one thm check --json file');
  const docs = files.map((f) => ({ file: f, doc: readCheckDocument(f) }));
  const profile = docs[0]!.doc.profile;
  const seen = new Map<string, string>();
  const results: CheckedTheorem[] = [];
  const warnings: string[] = [];
  for (const { file, doc } of docs) {
    if (doc.profile !== profile)
      throw inputError(
        `${file}: profile: ${doc.profile} differs from ${profile} in ${files[0]} (merge documents of one run)`,
      );
    if (doc.interrupted) warnings.push(`${file}: the run was interrupted; only its finished theorems are included`);
    for (const r of doc.results) {
      const prev = seen.get(r.id);
      if (prev !== undefined) throw inputError(`${file}: results: ${r.id} is also in ${prev} (pass each shard once)`);
      seen.set(r.id, file);
      results.push(r);
    }
  }
  const totals = new Set(docs.map((d) => d.doc.shard?.total).filter((t) => t !== undefined));
  for (const total of totals) {
    const have = new Set(docs.filter((d) => d.doc.shard?.total === total).map((d) => d.doc.shard!.index));
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !have.has(i));
    if (missing.length > 0)
      warnings.push(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')}`);
  }
  // the order of an unsharded run over the catalogue: by file (area/id), then id
  results.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.id.localeCompare(b.id));
  return { results, profile, warnings };
}
