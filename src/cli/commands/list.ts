/**
 * `thm list [--area A] [--status S]`: the catalogue — id, area, status, kind, citation.
 */
import { loadCatalogue } from '../../theorem/discover.js';
import { citation } from '../../theorem/verify.js';
import { shorten } from '../format.js';
import { parse, stringOption } from '../args.js';
import { table } from '../format.js';

export const summary = 'list the catalogue (id, area, status, kind, citation)';
export const usage = 'thm list [--area AREA] [--status theorem|conjecture|phenomenon]';

export async function run(argv: readonly string[]): Promise<number> {
  const { values } = parse('list', argv, { area: { type: 'string' }, status: { type: 'string' } });
  const area = stringOption(values.area);
  const status = stringOption(values.status);
  const all = (await loadCatalogue()).filter((t) => (area === undefined || t.area === area) && (status === undefined || t.theorem.status === status));
  if (all.length === 0) {
    console.log('no theorems found (add properties/<area>/<id>.theorem.ts)');
    return 0;
  }
  console.log(table(['id', 'area', 'status', 'kind', 'citation'], all.map((t) => [t.theorem.id, t.area, t.theorem.status, t.theorem.kind, shorten(citation(t.theorem))])));
  return 0;
}
